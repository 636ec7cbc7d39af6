//! The law-file sections of the candidate stage, each validating itself while it is
//! read (so the TOML reader names the line and key of a wrong value):
//!
//! ```toml
//! [candidates]                       # who takes a list's seats
//! designation = "belgian-devolution" # closed-list | belgian-devolution | preference-threshold
//!                                    # | open-list | party-choice
//! article = "Electoral Code art. 172-173"
//!
//! [[list_rules]]                     # what a list must look like to be registered
//! rule = "sex-balance"               # min-share | sex-balance | first-not-all-same-sex
//!                                    # | zipper | sex-per-group
//! applies_to = "each"                # effective | substitutes | each | together
//!
//! [[quotas]]                         # mandate quotas: one mechanism, four stages
//! scope = "party"                    # party-in-constituency | party | assembly
//! category = { sex = "F", younger_than = 29, disability = true }
//! share = "30%"
//! rounding = "up"
//! stage = "party-choice"             # list-validation | pre-allocation | post-correction
//!                                    # | party-choice
//! ```
//!
//! The full format is in docs/candidates.md.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Candidate, Sex};
use crate::exact::{cmp_products, Percent};
use crate::law::{Date, Law, PercentValue};

/// `[candidates]`: how the elected are designated and how a vacancy is filled.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawCandidateRules")]
pub struct CandidateRules {
    pub designation: DesignationRule,
    pub article: Option<String>,
    /// The date on which ages are computed; default: the law's `effective` date
    /// (election day).
    pub age_on: Option<Date>,
    pub vacancy: VacancyRule,
}

/// How the people who take a list's seats are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DesignationRule {
    /// In list order.
    ClosedList,
    /// Belgium (Electoral Code art. 172-173; special law of 8 August 1980 art.
    /// 29octies-29nonies1): E = ceil(list votes / (seats + 1)); a pot of `pot_share`
    /// (one half) of the head-of-list and substitute-only ballots, rounded up, is
    /// devolved in ballot order, topping each candidate up to E; the top candidates by
    /// total are elected. Substitutes likewise, with their own pot.
    BelgianDevolution { pot_share: Percent },
    /// Netherlands (Kieswet art. P 15): candidates whose preference votes reach
    /// `share_of_quota` (25%) of the quota (valid votes / seats) are elected first, by
    /// their votes; the remaining seats follow list order.
    PreferenceThreshold { share_of_quota: Percent },
    /// Ranking by preference votes; equal votes by list order.
    OpenList,
    /// The party names who takes its mandates from its registered list (Kazakhstan,
    /// Constitutional Law on Elections art. 97-1(5)); mandat checks the choice.
    PartyChoice,
}

impl DesignationRule {
    pub fn describe(&self) -> String {
        match self {
            DesignationRule::ClosedList => "closed list (list order)".into(),
            DesignationRule::BelgianDevolution { pot_share } => {
                format!("devolution of the list vote: E = ceil(list votes / (seats + 1)), pot = {pot_share} of the head and substitute-only ballots, rounded up")
            }
            DesignationRule::PreferenceThreshold { share_of_quota } => {
                format!("preference votes of at least {share_of_quota} of the quota first, then list order")
            }
            DesignationRule::OpenList => "open list (preference votes; equal votes by list order)".into(),
            DesignationRule::PartyChoice => "chosen by the party from its registered list".into(),
        }
    }
}

/// How a vacancy is filled (see [`super::vacancy`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VacancyRule {
    /// The successor must be of the leaver's sex (Kosovo, Law on General Elections
    /// art. 112.2; Kyrgyzstan art. 64: a woman by a woman).
    pub same_sex: bool,
    /// When the leaver counted towards a mandate quota that would no longer hold, the
    /// successor must be of that quota's category (Iraq art. 8).
    pub keep_quotas: bool,
    pub article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCandidateRules {
    #[serde(default)]
    designation: DesignationKind,
    #[serde(default)]
    article: Option<String>,
    #[serde(default)]
    age_on: Option<Date>,
    #[serde(default)]
    pot_share: Option<PercentValue>,
    #[serde(default)]
    preference_threshold: Option<PercentValue>,
    #[serde(default)]
    vacancy_same_sex: bool,
    #[serde(default)]
    vacancy_keeps_quotas: bool,
    #[serde(default)]
    vacancy_article: Option<String>,
}

/// The names of the designation rules, read as such so that a misspelt one is
/// reported on its own line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum DesignationKind {
    #[default]
    ClosedList,
    BelgianDevolution,
    PreferenceThreshold,
    OpenList,
    PartyChoice,
}

impl TryFrom<RawCandidateRules> for CandidateRules {
    type Error = String;
    fn try_from(r: RawCandidateRules) -> Result<Self, String> {
        let only = |what: &str, key: &str| format!("`{key}` applies only to designation = \"{what}\"");
        let designation = match r.designation {
            DesignationKind::ClosedList => DesignationRule::ClosedList,
            DesignationKind::BelgianDevolution => DesignationRule::BelgianDevolution {
                pot_share: r.pot_share.map(|p| p.0).unwrap_or_else(|| "50%".parse().expect("a valid percentage")),
            },
            DesignationKind::PreferenceThreshold => DesignationRule::PreferenceThreshold {
                share_of_quota: r
                    .preference_threshold
                    .ok_or("designation = \"preference-threshold\" needs `preference_threshold` (e.g. \"25%\" of the quota)")?
                    .0,
            },
            DesignationKind::OpenList => DesignationRule::OpenList,
            DesignationKind::PartyChoice => DesignationRule::PartyChoice,
        };
        if r.pot_share.is_some() && !matches!(designation, DesignationRule::BelgianDevolution { .. }) {
            return Err(only("belgian-devolution", "pot_share"));
        }
        if r.preference_threshold.is_some() && !matches!(designation, DesignationRule::PreferenceThreshold { .. }) {
            return Err(only("preference-threshold", "preference_threshold"));
        }
        Ok(CandidateRules {
            designation,
            article: r.article,
            age_on: r.age_on,
            vacancy: VacancyRule { same_sex: r.vacancy_same_sex, keep_quotas: r.vacancy_keeps_quotas, article: r.vacancy_article },
        })
    }
}

/// Rounding of a share of a whole number of seats or candidates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rounding {
    /// Up to the next whole number ("not less than 30%": Kosovo, Kazakhstan).
    #[default]
    Up,
    /// Down (Iraq: floor(seats / 4)).
    Down,
    /// To the nearest, halves up.
    Nearest,
}

/// How many members of a category a list or a number of seats must include.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Target {
    Share { share: Percent, rounding: Rounding },
    Count { count: u32 },
}

impl Target {
    /// The number required out of `base` (seats or candidates), exactly; a count is
    /// capped at `base`.
    ///
    /// ```
    /// use mandat_core::candidates::{Rounding, Target};
    /// let t = Target::Share { share: "30%".parse().unwrap(), rounding: Rounding::Up };
    /// assert_eq!((t.need(10), t.need(11), t.need(40)), (3, 4, 12));
    /// let d = Target::Share { share: "25%".parse().unwrap(), rounding: Rounding::Down };
    /// assert_eq!(d.need(7), 1);
    /// ```
    pub fn need(&self, base: u32) -> u32 {
        match *self {
            Target::Count { count } => count.min(base),
            Target::Share { share, rounding } => {
                let f = share.as_fraction();
                let num = f.num * base as u128;
                let need = match rounding {
                    Rounding::Up => num.div_ceil(f.den),
                    Rounding::Down => num / f.den,
                    Rounding::Nearest => (2 * num + f.den) / (2 * f.den),
                };
                need as u32
            }
        }
    }

    /// Whether `have` out of `base` meets the target (a share is compared exactly
    /// after rounding, which is what "at least 30%, rounded up" means).
    pub fn met(&self, have: u32, base: u32) -> bool {
        have >= self.need(base)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Share { share, rounding } => {
                let r = match rounding {
                    Rounding::Up => "rounded up",
                    Rounding::Down => "rounded down",
                    Rounding::Nearest => "rounded to the nearest",
                };
                write!(f, "at least {share} ({r})")
            }
            Target::Count { count } => write!(f, "at least {count}"),
        }
    }
}

/// Which sex a category names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SexSel {
    F,
    M,
    X,
    /// The sex with fewer members in the unit the rule is applied to ("the minority
    /// gender", Kosovo, Law on General Elections art. 111.6); equal numbers: none.
    #[serde(rename = "minority")]
    Minority,
}

/// A category of people: a person belongs if they meet **any** of the criteria given
/// (so a person is counted once even if they meet several: Kazakhstan's women,
/// under-29s and persons with disabilities).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<SexSel>,
    /// Has not reached this age on the law's `age_on` date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub younger_than: Option<u32>,
    /// Persons with a disability.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disability: bool,
    /// Persons carrying any of these tags (categories the law defines itself).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Category {
    pub fn is_empty(&self) -> bool {
        self.sex.is_none() && self.younger_than.is_none() && !self.disability && self.tags.is_empty()
    }

    pub fn uses_age(&self) -> bool {
        self.younger_than.is_some()
    }

    pub fn uses_minority(&self) -> bool {
        self.sex == Some(SexSel::Minority)
    }

    /// Whether `c` belongs. `minority` is the resolved minority sex of the unit (for
    /// `sex = "minority"`), `age_on` the date ages are computed on. A missing sex or
    /// birth date never meets a criterion.
    pub fn contains(&self, c: &Candidate, age_on: Option<Date>, minority: Option<Sex>) -> bool {
        let sex = match self.sex {
            None => false,
            Some(SexSel::F) => c.sex == Some(Sex::F),
            Some(SexSel::M) => c.sex == Some(Sex::M),
            Some(SexSel::X) => c.sex == Some(Sex::X),
            Some(SexSel::Minority) => minority.is_some() && c.sex == minority,
        };
        let young = match (self.younger_than, age_on) {
            (Some(limit), Some(on)) => c.age_on(on).is_some_and(|a| a < limit),
            _ => false,
        };
        sex || young || (self.disability && c.disability) || self.tags.iter().any(|t| c.tags.contains(t))
    }

    /// The minority sex among `people` (F or M, the one with fewer; none when equal).
    pub fn minority_of<'a>(people: impl Iterator<Item = &'a Candidate>) -> Option<Sex> {
        let (mut f, mut m) = (0u32, 0u32);
        for c in people {
            match c.sex {
                Some(Sex::F) => f += 1,
                Some(Sex::M) => m += 1,
                _ => {}
            }
        }
        match f.cmp(&m) {
            std::cmp::Ordering::Less => Some(Sex::F),
            std::cmp::Ordering::Greater => Some(Sex::M),
            std::cmp::Ordering::Equal => None,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        match self.sex {
            Some(SexSel::F) => parts.push("women".to_string()),
            Some(SexSel::M) => parts.push("men".to_string()),
            Some(SexSel::X) => parts.push("persons of sex X".to_string()),
            Some(SexSel::Minority) => parts.push("the minority sex".to_string()),
            None => {}
        }
        if let Some(a) = self.younger_than {
            parts.push(format!("persons under {a}"));
        }
        if self.disability {
            parts.push("persons with disabilities".into());
        }
        for t in &self.tags {
            parts.push(format!("tag {t:?}"));
        }
        write!(f, "{}", parts.join(" or "))
    }
}

/// Which candidates of a list a list rule counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppliesTo {
    /// The effective candidates only.
    #[default]
    Effective,
    /// The substitutes only.
    Substitutes,
    /// Effective candidates and substitutes, each category on its own (Belgium,
    /// Electoral Code art. 117bis).
    Each,
    /// Effective candidates and substitutes counted together.
    Together,
}

/// A rule on the composition of a list.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawListRule")]
pub struct ListRule {
    pub kind: ListRuleKind,
    pub applies_to: AppliesTo,
    /// The rule applies to lists of at least this many candidates (Kosovo art. 27.1:
    /// not to lists of one or two).
    pub min_candidates: u32,
    pub article: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum ListRuleKind {
    /// At least a share (or a number) of the list's candidates are of a category.
    MinShare { category: Category, target: Target },
    /// The numbers of women and men differ by at most `max_difference`.
    SexBalance { max_difference: u32 },
    /// The first `first` candidates are not all of the same sex (Belgium: the first two
    /// differ; transitional rule: the first three).
    FirstNotAllSameSex { first: u32 },
    /// Women and men alternate all the way down (Wallonia "tirette", Tunisia, Senegal).
    Zipper,
    /// At least one woman and one man in every complete group of `group` candidates
    /// from the top (Kosovo art. 27.1: groups of three).
    SexPerGroup { group: u32 },
}

impl fmt::Display for ListRuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListRuleKind::MinShare { category, target } => write!(f, "{target} of the candidates are {category}"),
            ListRuleKind::SexBalance { max_difference } => {
                write!(f, "the numbers of women and men differ by at most {max_difference}")
            }
            ListRuleKind::FirstNotAllSameSex { first: 2 } => write!(f, "the first two candidates are of different sex"),
            ListRuleKind::FirstNotAllSameSex { first } => {
                write!(f, "the first {first} candidates are not all of the same sex")
            }
            ListRuleKind::Zipper => write!(f, "women and men alternate"),
            ListRuleKind::SexPerGroup { group } => {
                write!(f, "at least one woman and one man in every group of {group} from the top")
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawListRule {
    rule: String,
    #[serde(default)]
    category: Option<Category>,
    #[serde(default)]
    share: Option<PercentValue>,
    #[serde(default)]
    rounding: Option<Rounding>,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    max_difference: Option<u32>,
    #[serde(default)]
    first: Option<u32>,
    #[serde(default)]
    group: Option<u32>,
    #[serde(default)]
    applies_to: AppliesTo,
    #[serde(default)]
    min_candidates: u32,
    #[serde(default)]
    article: Option<String>,
}

fn target_of(share: Option<PercentValue>, rounding: Option<Rounding>, count: Option<u32>) -> Result<Target, String> {
    match (share, count) {
        (Some(s), None) => Ok(Target::Share { share: s.0, rounding: rounding.unwrap_or_default() }),
        (None, Some(n)) => {
            if rounding.is_some() {
                return Err("`rounding` applies to `share`, not to `count`".into());
            }
            if n == 0 {
                return Err("`count` must be at least 1".into());
            }
            Ok(Target::Count { count: n })
        }
        (Some(_), Some(_)) => Err("give either `share` or `count`, not both".into()),
        (None, None) => Err("a target is needed: `share` (e.g. \"30%\", with `rounding`) or `count`".into()),
    }
}

impl TryFrom<RawListRule> for ListRule {
    type Error = String;
    fn try_from(r: RawListRule) -> Result<Self, String> {
        let unused = |key: &str, present: bool| -> Result<(), String> {
            if present {
                Err(format!("`{key}` does not apply to rule {:?}", r.rule))
            } else {
                Ok(())
            }
        };
        let target_keys = r.share.is_some() || r.count.is_some() || r.rounding.is_some();
        let kind = match r.rule.as_str() {
            "min-share" => {
                let category = r.category.clone().ok_or("rule \"min-share\" needs a `category`")?;
                if category.is_empty() {
                    return Err("the `category` names no criterion (sex, younger_than, disability, tags)".into());
                }
                unused("max_difference", r.max_difference.is_some())?;
                unused("first", r.first.is_some())?;
                unused("group", r.group.is_some())?;
                ListRuleKind::MinShare { category, target: target_of(r.share, r.rounding, r.count)? }
            }
            other => {
                unused("category", r.category.is_some())?;
                unused("share/count/rounding", target_keys)?;
                match other {
                    "sex-balance" => {
                        unused("first", r.first.is_some())?;
                        unused("group", r.group.is_some())?;
                        ListRuleKind::SexBalance { max_difference: r.max_difference.unwrap_or(1) }
                    }
                    "first-not-all-same-sex" => {
                        unused("max_difference", r.max_difference.is_some())?;
                        unused("group", r.group.is_some())?;
                        let first = r.first.unwrap_or(2);
                        if first < 2 {
                            return Err("`first` must be at least 2".into());
                        }
                        ListRuleKind::FirstNotAllSameSex { first }
                    }
                    "zipper" => {
                        unused("max_difference", r.max_difference.is_some())?;
                        unused("first", r.first.is_some())?;
                        unused("group", r.group.is_some())?;
                        ListRuleKind::Zipper
                    }
                    "sex-per-group" => {
                        unused("max_difference", r.max_difference.is_some())?;
                        unused("first", r.first.is_some())?;
                        let group = r.group.unwrap_or(3);
                        if group < 2 {
                            return Err("`group` must be at least 2".into());
                        }
                        ListRuleKind::SexPerGroup { group }
                    }
                    _ => {
                        return Err(format!(
                            "unknown list rule {other:?}; expected min-share, sex-balance, first-not-all-same-sex, zipper or sex-per-group"
                        ))
                    }
                }
            }
        };
        Ok(ListRule { kind, applies_to: r.applies_to, min_candidates: r.min_candidates, article: r.article })
    }
}

/// The unit a mandate quota is measured in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuotaScope {
    /// One party's list in one constituency (the seats that list won).
    #[default]
    PartyInConstituency,
    /// A party's seats over all constituencies.
    Party,
    /// All seats of the assembly.
    Assembly,
}

/// When a mandate quota acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuotaStage {
    /// On the list, at registration (checked by `lint-lists`).
    ListValidation,
    /// Inside a list's seats, before the others: the best-placed members of the
    /// category take their share first (Kyrgyzstan, Election Law art. 64.4).
    PreAllocation,
    /// After designation: the last elected outside the category is replaced by the
    /// next member of the category on the same list until the target holds (Kosovo,
    /// Law on General Elections art. 111.6; Iraq).
    PostCorrection,
    /// A check of the people a party chose (Kazakhstan, Constitutional Law No. 105-VII
    /// of 7 February 2022).
    PartyChoice,
}

/// A mandate quota.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawQuota")]
pub struct QuotaRule {
    pub name: String,
    pub scope: QuotaScope,
    pub category: Category,
    pub target: Target,
    pub stage: QuotaStage,
    /// For `list-validation`: which candidates are counted.
    pub applies_to: AppliesTo,
    /// The quota applies to units with at least this many seats (or candidates, at
    /// list validation).
    pub min_seats: u32,
    pub article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuota {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    scope: QuotaScope,
    category: Category,
    #[serde(default)]
    share: Option<PercentValue>,
    #[serde(default)]
    rounding: Option<Rounding>,
    #[serde(default)]
    count: Option<u32>,
    stage: QuotaStage,
    #[serde(default)]
    applies_to: Option<AppliesTo>,
    #[serde(default)]
    min_seats: u32,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawQuota> for QuotaRule {
    type Error = String;
    fn try_from(r: RawQuota) -> Result<Self, String> {
        if r.category.is_empty() {
            return Err("the `category` names no criterion (sex, younger_than, disability, tags)".into());
        }
        let target = target_of(r.share, r.rounding, r.count)?;
        match r.stage {
            QuotaStage::ListValidation => {
                if r.scope != QuotaScope::PartyInConstituency {
                    return Err("a list-validation quota is measured on each list: use scope = \"party-in-constituency\"".into());
                }
            }
            QuotaStage::PreAllocation | QuotaStage::PostCorrection => {
                if r.scope == QuotaScope::Assembly {
                    return Err("pre-allocation and post-correction act inside a party's seats: scope \"assembly\" is not supported (use party or party-in-constituency)".into());
                }
            }
            QuotaStage::PartyChoice => {}
        }
        if r.applies_to.is_some() && r.stage != QuotaStage::ListValidation {
            return Err("`applies_to` applies only to stage = \"list-validation\"".into());
        }
        let name = r.name.unwrap_or_else(|| format!("{target} {}", r.category));
        Ok(QuotaRule {
            name,
            scope: r.scope,
            category: r.category,
            target,
            stage: r.stage,
            applies_to: r.applies_to.unwrap_or_default(),
            min_seats: r.min_seats,
            article: r.article,
        })
    }
}

/// Rules of the candidate stage that involve several keys (called by the law-file
/// reader): the date ages are computed on, a party-choice quota without party choice.
pub fn check(law: &Law) -> Result<(), (String, String)> {
    let age_on = law.candidates.as_ref().and_then(|c| c.age_on).or(law.effective);
    let uses_age = law.quotas.iter().any(|q| q.category.uses_age())
        || law.list_rules.iter().any(|r| matches!(&r.kind, ListRuleKind::MinShare { category, .. } if category.uses_age()));
    if uses_age && age_on.is_none() {
        return Err((
            "candidates".into(),
            "a category uses `younger_than`: give `[candidates] age_on` (or the law's `effective` date) to compute ages on".into(),
        ));
    }
    let party_choice = matches!(law.candidates.as_ref().map(|c| c.designation), Some(DesignationRule::PartyChoice));
    if let Some(q) = law.quotas.iter().find(|q| q.stage == QuotaStage::PartyChoice) {
        if !party_choice {
            return Err((
                "quotas".into(),
                format!("quota {:?} checks a party's choice, but `[candidates] designation` is not \"party-choice\"", q.name),
            ));
        }
    }
    if party_choice {
        if let Some(q) = law.quotas.iter().find(|q| matches!(q.stage, QuotaStage::PreAllocation | QuotaStage::PostCorrection)) {
            return Err((
                "quotas".into(),
                format!("quota {:?} reorders the elected, but the party chooses them (designation = \"party-choice\"): use stage = \"party-choice\"", q.name),
            ));
        }
    }
    Ok(())
}

/// Whether `a / b >= share` for a percentage, exactly (reports).
pub fn share_reached(share: Percent, a: u64, b: u64) -> bool {
    let f = share.as_fraction();
    cmp_products(a as u128, f.den, f.num, b as u128) != std::cmp::Ordering::Less
}
