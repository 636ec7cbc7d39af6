//! Checking candidate lists against the law's list rules and list-stage quotas
//! (`mandat lint-lists`). Every violation names the list, the positions concerned and
//! the article of law.

use serde::Serialize;

use super::law::{AppliesTo, ListRuleKind, QuotaStage, Target};
use super::{Candidate, CandidateList, Category, Sex};
use crate::law::Law;

/// One rule a list breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub constituency: String,
    pub party: String,
    /// `effective`, `substitutes` or `effective and substitutes`.
    pub candidates: String,
    /// Ballot positions concerned (empty when the whole list is concerned).
    pub positions: Vec<u32>,
    /// The rule, in words.
    pub rule: String,
    /// What is wrong.
    pub message: String,
    pub article: Option<String>,
}

/// Every violation of the law's list rules and `list-validation` quotas, list by list,
/// rule by rule, in law order.
///
/// ```
/// use mandat_core::candidates::{lint, Candidate, CandidateList, Sex};
/// let mut law = mandat_core::law::Law::example();
/// law.list_rules = vec![toml_free_rule()];
/// # fn toml_free_rule() -> mandat_core::candidates::ListRule {
/// #     mandat_core::candidates::ListRule { kind: mandat_core::candidates::law::ListRuleKind::Zipper,
/// #         applies_to: Default::default(), min_candidates: 0, article: None }
/// # }
/// let list = CandidateList::new("c", "A", vec![
///     Candidate::new("a", 1).sex(Sex::F), Candidate::new("b", 2).sex(Sex::F)]);
/// let v = lint(&law, &[list]);
/// assert_eq!(v[0].positions, vec![1, 2]);
/// ```
pub fn lint(law: &Law, lists: &[CandidateList]) -> Vec<Violation> {
    let age_on = law.candidates.as_ref().and_then(|c| c.age_on).or(law.effective);
    let mut out = Vec::new();
    for list in lists {
        for rule in &law.list_rules {
            for (what, people) in groups(list, rule.applies_to) {
                if people.is_empty() || (people.len() as u32) < rule.min_candidates {
                    continue;
                }
                let mut push = |positions: Vec<u32>, message: String| {
                    out.push(Violation {
                        constituency: list.constituency.clone(),
                        party: list.party.clone(),
                        candidates: what.to_string(),
                        positions,
                        rule: rule.kind.to_string(),
                        message,
                        article: rule.article.clone(),
                    })
                };
                match &rule.kind {
                    ListRuleKind::MinShare { category, target } => {
                        if let Some((have, need)) = short(category, target, &people, age_on) {
                            push(vec![], shortfall_message(category, target, have, need, people.len()));
                        }
                    }
                    kind => {
                        let missing: Vec<u32> = people.iter().filter(|c| c.sex.is_none()).map(|c| c.position).collect();
                        if !missing.is_empty() {
                            push(missing, "the sex of these candidates is not given, so the rule cannot be checked".into());
                            continue;
                        }
                        sex_rule(kind, &people, &mut push);
                    }
                }
            }
        }
        for q in law.quotas.iter().filter(|q| q.stage == QuotaStage::ListValidation) {
            for (what, people) in groups(list, q.applies_to) {
                if people.is_empty() || (people.len() as u32) < q.min_seats {
                    continue;
                }
                if let Some((have, need)) = short(&q.category, &q.target, &people, age_on) {
                    out.push(Violation {
                        constituency: list.constituency.clone(),
                        party: list.party.clone(),
                        candidates: what.to_string(),
                        positions: vec![],
                        rule: format!("quota {:?}", q.name),
                        message: shortfall_message(&q.category, &q.target, have, need, people.len()),
                        article: q.article.clone(),
                    });
                }
            }
        }
    }
    out
}

fn shortfall_message(category: &Category, target: &Target, have: u32, need: u32, of: usize) -> String {
    format!("{have} of the {of} candidates are {category}; {target} means at least {need}, {} short", need - have)
}

/// `(have, need)` when the category falls short of the target among `people`.
fn short(category: &Category, target: &Target, people: &[&Candidate], age_on: Option<crate::law::Date>) -> Option<(u32, u32)> {
    let minority = category.uses_minority().then(|| Category::minority_of(people.iter().copied())).flatten();
    let have = if category.uses_minority() && minority.is_none() {
        // Equal numbers of women and men: each is half of them, so neither is short
        // unless the target is above half.
        people.iter().filter(|c| c.sex == Some(Sex::F)).count() as u32
    } else {
        people.iter().filter(|c| category.contains(c, age_on, minority)).count() as u32
    };
    let need = target.need(people.len() as u32);
    (have < need).then_some((have, need))
}

fn groups(list: &CandidateList, applies: AppliesTo) -> Vec<(&'static str, Vec<&Candidate>)> {
    let eff: Vec<&Candidate> = list.effective.iter().collect();
    let sub: Vec<&Candidate> = list.substitutes.iter().collect();
    match applies {
        AppliesTo::Effective => vec![("effective", eff)],
        AppliesTo::Substitutes => vec![("substitutes", sub)],
        AppliesTo::Each => vec![("effective", eff), ("substitutes", sub)],
        AppliesTo::Together => vec![("effective and substitutes", eff.into_iter().chain(sub).collect())],
    }
}

fn sex_rule(kind: &ListRuleKind, people: &[&Candidate], push: &mut dyn FnMut(Vec<u32>, String)) {
    // Every sex is given (checked by the caller).
    let sex = |c: &Candidate| c.sex.unwrap_or(Sex::X);
    match kind {
        ListRuleKind::SexBalance { max_difference } => {
            let f = people.iter().filter(|c| sex(c) == Sex::F).count() as i64;
            let m = people.iter().filter(|c| sex(c) == Sex::M).count() as i64;
            if (f - m).unsigned_abs() > *max_difference as u64 {
                push(vec![], format!("{f} women and {m} men: a difference of {}, more than {max_difference}", (f - m).abs()));
            }
        }
        ListRuleKind::FirstNotAllSameSex { first } => {
            let n = (*first as usize).min(people.len());
            if n >= 2 && people[..n].iter().all(|c| sex(c) == sex(people[0])) {
                push(
                    people[..n].iter().map(|c| c.position).collect(),
                    format!("the first {n} candidates are all {}", sex_word(sex(people[0]))),
                );
            }
        }
        ListRuleKind::Zipper => {
            for w in people.windows(2) {
                if sex(w[0]) == sex(w[1]) {
                    push(
                        vec![w[0].position, w[1].position],
                        format!("two {} follow each other", sex_word(sex(w[0]))),
                    );
                }
            }
        }
        ListRuleKind::SexPerGroup { group } => {
            for (k, g) in people.chunks(*group as usize).enumerate() {
                if g.len() < *group as usize {
                    break;
                }
                let has = |s: Sex| g.iter().any(|c| sex(c) == s);
                if !has(Sex::F) || !has(Sex::M) {
                    let lacks = if has(Sex::F) { "no man" } else { "no woman" };
                    push(
                        g.iter().map(|c| c.position).collect(),
                        format!("group {} (positions {}-{}) has {lacks}", k + 1, g[0].position, g[g.len() - 1].position),
                    );
                }
            }
        }
        ListRuleKind::MinShare { .. } => {} // handled by the caller
    }
}

fn sex_word(s: Sex) -> &'static str {
    match s {
        Sex::F => "women",
        Sex::M => "men",
        Sex::X => "of sex X",
    }
}
