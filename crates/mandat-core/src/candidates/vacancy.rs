//! Who succeeds a member who leaves: the next substitute when the list has a separate
//! substitute category (Belgium, Electoral Code art. 173), else the next non-elected
//! candidate in the list's designation order; of the leaver's sex when the law says so
//! (Kosovo, Law on General Elections art. 112.2), of a quota's category when the
//! departure would break that quota (Iraq).

use serde::Serialize;

use super::designate::{Designation, Ranked, Reason};
use super::law::{QuotaScope, QuotaStage};
use super::Category;
use crate::law::Law;

/// A condition a successor must meet.
type Test<'a> = Box<dyn Fn(&Ranked) -> bool + 'a>;

/// Why no successor can be named.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VacancyError {
    #[error("nobody called {0:?} was elected")]
    NotElected(String),
    #[error("{name:?} is elected on several lists ({lists}): name the list")]
    Ambiguous { name: String, lists: String },
}

/// The successor of a member who leaves, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Succession {
    pub leaves: String,
    pub constituency: String,
    pub party: String,
    /// `None`: nobody on the list meets the law's conditions; the seat stays vacant.
    pub successor: Option<String>,
    pub successor_position: Option<u32>,
    /// Whether the successor comes from the substitutes.
    pub from_substitutes: bool,
    /// The reason, in words, with the articles.
    pub reason: String,
}

/// Names the successor of `leaver` under `law`, from a designation (as `mandat run
/// --candidates --format json` writes it).
pub fn succeed(law: &Law, d: &Designation, leaver: &str) -> Result<Succession, VacancyError> {
    let lists: Vec<usize> = (0..d.lists.len()).filter(|&i| d.lists[i].elected().any(|r| r.candidate.name == leaver)).collect();
    let li = match lists[..] {
        [] => return Err(VacancyError::NotElected(leaver.to_string())),
        [one] => one,
        _ => {
            return Err(VacancyError::Ambiguous {
                name: leaver.to_string(),
                lists: lists.iter().map(|&i| format!("{} / {}", d.lists[i].constituency, d.lists[i].party)).collect::<Vec<_>>().join(", "),
            })
        }
    };
    let list = &d.lists[li];
    let who = list.ranking.iter().find(|r| r.candidate.name == leaver).map(|r| &r.candidate);
    let age_on = law.candidates.as_ref().and_then(|c| c.age_on).or(law.effective);
    let rule = law.candidates.as_ref().map(|c| c.vacancy.clone()).unwrap_or_default();
    let art = |a: &Option<String>| a.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();

    let mut conditions: Vec<String> = Vec::new();
    let mut tests: Vec<Test> = Vec::new();
    if let (true, Some(w)) = (rule.same_sex, who) {
        let sex = w.sex;
        conditions.push(format!("of the same sex as {leaver}{}", art(&rule.article)));
        tests.push(Box::new(move |r: &Ranked| r.candidate.sex == sex && sex.is_some()));
    }
    if let (true, Some(w)) = (rule.keep_quotas, who) {
        // Measured on the leaver's list: a quota of scope `party` is the same for a party
        // with one list (a party with several lists is approximated by its list).
        for q in law.quotas.iter().filter(|q| q.stage != QuotaStage::ListValidation && q.scope != QuotaScope::Assembly) {
            let elected: Vec<&Ranked> = list.elected().collect();
            let minority = if q.category.uses_minority() { Category::minority_of(elected.iter().map(|r| &r.candidate)) } else { None };
            let inside = |c: &super::Candidate| q.category.contains(c, age_on, minority);
            let have = elected.iter().filter(|r| inside(&r.candidate)).count() as u32;
            if inside(w) && have <= q.target.need(list.seats) {
                conditions.push(format!("of the category of quota {:?}{}", q.name, art(&q.article)));
                let cat = q.category.clone();
                tests.push(Box::new(move |r: &Ranked| cat.contains(&r.candidate, age_on, minority)));
            }
        }
    }
    let ok = |r: &Ranked| tests.iter().all(|t| t(r));
    let (pool, from_substitutes): (Vec<&Ranked>, bool) = if list.substitutes.is_empty() {
        (list.ranking.iter().filter(|r| !r.elected).collect(), false)
    } else {
        (list.substitutes.iter().collect(), true)
    };
    let found = pool.iter().enumerate().find(|(_, r)| ok(r));
    let what = if from_substitutes { "substitute" } else { "non-elected candidate in the list's designation order" };
    let cond = if conditions.is_empty() {
        art(&rule.article)
    } else {
        format!(", {}", conditions.join(" and "))
    };
    let base = Succession {
        leaves: leaver.to_string(),
        constituency: list.constituency.clone(),
        party: list.party.clone(),
        successor: None,
        successor_position: None,
        from_substitutes,
        reason: String::new(),
    };
    Ok(match found {
        Some((k, r)) => Succession {
            successor: Some(r.candidate.name.clone()),
            successor_position: Some(r.candidate.position),
            reason: format!("the next {what} (number {} in that order){cond}", k + 1),
            ..base
        },
        None => Succession { reason: format!("no {what} is left{cond}: the seat stays vacant"), ..base },
    })
}

/// Successive vacancies: each leaver in turn, the successor taking the seat before the
/// next one leaves (so a substitute is never named twice, and a leaver never returns).
///
/// ```
/// use mandat_core::candidates::{designate, succeed_in_turn, Candidate, CandidateList};
/// let law = mandat_core::law::Law::example(); // closed lists
/// let e = mandat_core::election::Election::single("c", &[("A", 10)], Some(2));
/// let out = mandat_core::count::count(&law, &e, 0).unwrap();
/// let list = CandidateList::new("c", "A", (1..=5).map(|i| Candidate::new(&format!("p{i}"), i)).collect());
/// let d = designate(&law, &out, &[list], None).unwrap();
/// let s = succeed_in_turn(&law, &d, &["p1".into(), "p3".into()]).unwrap();
/// assert_eq!(s[0].successor.as_deref(), Some("p3"));
/// assert_eq!(s[1].successor.as_deref(), Some("p4"));
/// ```
pub fn succeed_in_turn(law: &Law, d: &Designation, leavers: &[String]) -> Result<Vec<Succession>, VacancyError> {
    let mut d = d.clone();
    let mut out = Vec::new();
    for leaver in leavers {
        let s = succeed(law, &d, leaver)?;
        if let Some(l) = d.lists.iter_mut().find(|l| l.constituency == s.constituency && l.party == s.party) {
            l.ranking.retain(|r| r.candidate.name != *leaver);
            if let Some(name) = &s.successor {
                let reason = Some(Reason::Succession { left: leaver.clone() });
                if s.from_substitutes {
                    if let Some(i) = l.substitutes.iter().position(|r| r.candidate.name == *name) {
                        let mut r = l.substitutes.remove(i);
                        r.elected = true;
                        r.reason = reason;
                        l.ranking.push(r);
                    }
                } else if let Some(r) = l.ranking.iter_mut().find(|r| r.candidate.name == *name) {
                    r.elected = true;
                    r.reason = reason;
                }
            }
        }
        out.push(s);
    }
    Ok(out)
}
