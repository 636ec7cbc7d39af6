//! An electoral law as data: which mechanisms apply, with which parameters, and the
//! article of law each comes from.
//!
//! Every type here validates itself while it is deserialized, so that a reader that
//! knows where each value stands in its file (the TOML reader in `mandat-io`) can say
//! which line and key is wrong. The format is documented in docs/law-format.md.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::exact::{Decimal, Percent};
use crate::method::Method;
use crate::tie::TieRule;

/// A complete electoral law.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// Short identifier, e.g. `kz-mazhilis-2021`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// The statute and articles the law file implements.
    pub citation: String,
    /// The country (or other jurisdiction) whose law this is, by its English name, for
    /// grouping presets (`mandat laws`).
    #[serde(default)]
    pub country: Option<String>,
    /// The date from which the law applies (YYYY-MM-DD).
    #[serde(default)]
    pub effective: Option<Date>,
    /// Free text: open questions, confidence, what a user should know.
    #[serde(default)]
    pub notes: Option<String>,
    /// Seats of the whole assembly, when the law fixes them in one number
    /// (national allocation, or a single nationwide constituency).
    #[serde(default)]
    pub seats: Option<Seats>,
    /// Seats per constituency, when the law fixes them.
    #[serde(default)]
    pub constituencies: Vec<ConstituencySeats>,
    /// What the count does with seats that a results file declares for a constituency
    /// (or the nation) whose seats the law fixes: check them (default), use them, or
    /// ignore them (a what-if that changed the law's seats).
    #[serde(default)]
    pub results_seats: ResultsSeats,
    /// Seats per constituency computed from population (Belgium: Hare on population).
    #[serde(default)]
    pub apportionment: Option<Apportionment>,
    /// The list tier: seats shared among lists per constituency or nationally.
    #[serde(default)]
    pub allocation: Option<Allocation>,
    /// Who takes part in the list tier.
    #[serde(default)]
    pub threshold: Option<Threshold>,
    /// A national tier that compensates for seats won in a lower tier (leveling seats,
    /// mixed-member proportional, upper apportionment).
    #[serde(default)]
    pub compensation: Option<crate::compensation::Compensation>,
    #[serde(default)]
    pub ties: TieChain,
    /// `[candidates]`: who takes a list's seats (docs/candidates.md).
    #[serde(default)]
    pub candidates: Option<crate::candidates::CandidateRules>,
    /// `[[list_rules]]`: what a list must look like.
    #[serde(default)]
    pub list_rules: Vec<crate::candidates::ListRule>,
    /// `[[quotas]]`: mandate quotas.
    #[serde(default)]
    pub quotas: Vec<crate::candidates::QuotaRule>,
    /// Biproportional apportionment by district and list (Zurich's "doppelter Pukelsheim").
    #[serde(default)]
    pub biproportional: Option<crate::biproportional::Biproportional>,
    /// `[single_member]`: districts won by plurality beside the list tier (parallel or
    /// mixed-member systems).
    #[serde(default)]
    pub single_member: Option<crate::single_member::SingleMember>,
    /// `[bonus]`: majority bonus seats to the list with the most votes (Greece).
    #[serde(default)]
    pub bonus: Option<crate::bonus::Bonus>,
    /// `[preferential]`: a seat for a minority list at a fraction of the quota (Hungary).
    #[serde(default)]
    pub preferential: Option<crate::preferential::Preferential>,
    /// `[ranked]`: constituencies elect candidates from ranked ballots (single
    /// transferable vote: Ireland's Dáil).
    #[serde(default)]
    pub ranked: Option<crate::ranked_tier::RankedTier>,
    /// `[additional_seats]`: seats added after the divisions' count when the seats do not
    /// follow the first-count votes (Malta, Constitution art. 52(1)).
    #[serde(default)]
    pub additional_seats: Option<crate::additional_seats::AdditionalSeats>,
}

/// A calendar date, checked for validity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("expected a date YYYY-MM-DD, found {s:?}");
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let year: u16 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        let day: u8 = parts[2].parse().map_err(|_| bad())?;
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(format!("{s:?} has no month {month}")),
        };
        if day == 0 || day > days {
            return Err(format!("{s:?} has no day {day} in month {month}"));
        }
        Ok(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // TOML dates arrive as a datetime value; accept them and plain strings alike.
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                // toml's datetime travels as a one-entry map holding its text.
                let (_, s): (String, String) =
                    map.next_entry()?.ok_or_else(|| serde::de::Error::custom("expected a date YYYY-MM-DD"))?;
                Date::parse(&s).map_err(serde::de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// Seats declared by a results file where the law fixes them too.
///
/// Results files often carry the seats of each constituency, as the official count used
/// them. Where the law fixes those seats, the two must agree: a results file of another
/// election, or of another law, is refused rather than counted (docs/checks.md). Some
/// laws leave the seats per constituency to a decree issued for each election (Belgium:
/// Constitution art. 63, a Royal Decree from each census); their law file lists one
/// edition and says `results_seats = "use"`, so that the seats a results file declares
/// for its own election are the ones counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResultsSeats {
    /// Declared seats must equal the law's: a difference is an error.
    #[default]
    Check,
    /// Declared seats win over the law's (the law's list is one edition of a decree).
    Use,
    /// Declared seats are neither used nor checked: the law's seats were changed by a
    /// what-if (`--set seats=N`), so the file's seats describe the real election, not
    /// the one asked about.
    Ignore,
}

/// A positive number of seats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Seats(pub u32);

impl<'de> Deserialize<'de> for Seats {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        if n <= 0 || n > 100_000 {
            return Err(serde::de::Error::custom(format!("a number of seats must be between 1 and 100000, found {n}")));
        }
        Ok(Seats(n as u32))
    }
}

/// What a law fixes for one constituency: its seats (or its population, when seats are
/// apportioned from population), and how many of them are leveling seats.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawConstituency")]
pub struct ConstituencySeats {
    pub name: String,
    /// All seats of the constituency, leveling seats included; 0 until apportioned
    /// when the law gives a population instead.
    pub seats: Seats,
    /// Leveling seats placed in this constituency by the compensation tier (Norway:
    /// one per county); the list tier elects `seats - leveling_seats`.
    pub leveling_seats: u32,
    pub population: Option<u64>,
    /// A single-member district of the `[single_member]` tier (one seat, plurality).
    pub single_member: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstituency {
    name: String,
    #[serde(default)]
    seats: Option<Seats>,
    #[serde(default)]
    leveling_seats: Option<u32>,
    #[serde(default)]
    population: Option<u64>,
    #[serde(default)]
    single_member: bool,
}

impl TryFrom<RawConstituency> for ConstituencySeats {
    type Error = String;
    fn try_from(r: RawConstituency) -> Result<Self, String> {
        let leveling = r.leveling_seats.unwrap_or(0);
        if r.single_member {
            if r.population.is_some() || leveling > 0 || r.seats.is_some_and(|s| s.0 != 1) {
                return Err(format!("constituency {:?}: a single-member district has one seat, no leveling seats and no population", r.name));
            }
            return Ok(ConstituencySeats { name: r.name, seats: Seats(1), leveling_seats: 0, population: None, single_member: true });
        }
        match (r.seats, r.population) {
            (Some(s), None) => {
                if leveling >= s.0 {
                    return Err(format!("constituency {:?}: leveling_seats ({leveling}) must be below seats ({})", r.name, s.0));
                }
                Ok(ConstituencySeats { name: r.name, seats: s, leveling_seats: leveling, population: None, single_member: false })
            }
            (None, Some(p)) => Ok(ConstituencySeats { name: r.name, seats: Seats(0), leveling_seats: leveling, population: Some(p), single_member: false }),
            (Some(_), Some(_)) => Err(format!("constituency {:?}: give `seats` or `population`, not both", r.name)),
            // Seats apportioned by the votes of each election (checked in the law reader).
            (None, None) => Ok(ConstituencySeats { name: r.name, seats: Seats(0), leveling_seats: leveling, population: None, single_member: false }),
        }
    }
}

/// Seats per constituency shared out by population, before the election.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawAllocation")]
pub struct Apportionment {
    pub method: Method,
    /// What the seats are shared in proportion to.
    pub by: ApportionBy,
    /// Seats every constituency gets first; the rest are shared by `method` (Spain, LOREG
    /// art. 162(2): two per province).
    pub min_seats: u32,
    pub article: Option<String>,
}

/// What constituency seats are apportioned in proportion to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApportionBy {
    /// The `population` the law file gives each constituency (Belgium, Constitution
    /// art. 63; US House).
    #[default]
    Population,
    /// The valid votes cast in each constituency, from the results (Czech Republic, Act
    /// 247/1995 §48: the republic mandate number is the valid votes / 200).
    ValidVotes,
}

/// Where votes are pooled to allocate seats, and where a threshold is measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Each constituency separately.
    #[default]
    Constituency,
    /// All constituencies together.
    National,
}

/// How seats are shared among the lists that take part.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawAllocation")]
pub struct Allocation {
    pub method: Method,
    pub level: Level,
    /// Lists joined by an agreement in the results (`alliances`) count as one list for
    /// the allocation; the seats of the group are then split among its lists by the same
    /// method (Israel's surplus-vote agreements, Swiss Listenverbindungen).
    pub pool_alliances: bool,
    /// How a quota method rounds its quota ([`crate::method::QuotaRounding`]).
    pub quota_rounding: crate::method::QuotaRounding,
    /// The seats a quota method leaves in the constituencies, shared nationally on the
    /// lists' summed remainders ([`crate::pooled`]).
    pub pooled_remainders: Option<crate::pooled::PooledRemainders>,
    /// Who takes the seats a quota method's integer parts leave
    /// ([`crate::method::Leftover`]; `leftover_seats` in the law file).
    pub leftover: crate::method::Leftover,
    /// The votes a quota method's quota is computed on ([`QuotaBase`]; `quota_base` in
    /// the law file).
    pub quota_base: QuotaBase,
    /// Seats a list already holds in the constituency before this tier shares its seats:
    /// its divisors continue from them (the additional member system, [`ContinueFrom`]).
    pub continue_from: Option<ContinueFrom>,
    /// The most seats a quota method's remainders give; the seats still left go to the
    /// highest average of votes per seat held (South Africa, Electoral Act 73 of 1998,
    /// Schedule 1A item 6; [`crate::method::quota_allocation_capped`]).
    pub max_remainder_seats: Option<u32>,
    /// With `leftover_seats = "highest-averages"`: the quotas (a decimal, 0.8 for 80% of
    /// the quota) a list needs to take part in the leftover seats (Brazil, Código
    /// Eleitoral art. 109 § 2). None: every list with votes.
    pub leftover_min_quotas: Option<Decimal>,
    /// A list whose remainder reaches this share of the quota takes one more seat; the
    /// seats still left go to the national round of `pooled_remainders` (Estonia,
    /// Riigikogu Election Act § 62(3): 75% of the simple quota;
    /// [`crate::method::quota_allocation_min_remainder`]).
    pub remainder_seat_at: Option<crate::exact::Fraction>,
    /// With `pool_alliances`: an alliance (a coalition of lists in the results'
    /// `alliances`) is pooled only if its votes reach a share of the valid votes, and
    /// its lists under a smaller share do not count for it (Italy, DPR 361/1957 art.
    /// 83(1)(c), (e); [`AllianceBar`]). None: every alliance is pooled.
    pub alliance_bar: Option<AllianceBar>,
    pub article: Option<String>,
}

/// The bar a coalition of lists must reach to take part as one unit
/// (`[allocation.alliance_bar]`). Italy's Camera dei deputati, DPR 361/1957 art. 83(1)
/// as replaced by Law 165/2017: (c) the coalition's national figure is the sum of its
/// lists' figures, without the lists under 1% of the valid votes; (e)(1) a coalition
/// takes part if that figure reaches 10% of the valid votes and one of its lists passes
/// the lists' bar (3%, the law's `[threshold]`); (e)(2) the lists of a coalition under
/// the bar are judged alone; (g) a coalition's seats are shared among its lists that
/// pass the lists' bar.
#[derive(Clone, Debug)]
pub struct AllianceBar {
    /// The share of the constituency's valid votes the alliance's counted votes must
    /// reach.
    pub share: Percent,
    /// Lists of the alliance under this share of the valid votes do not count for it
    /// (lists exempt from the threshold always count). None: every list counts.
    pub counted_from: Option<Percent>,
    pub article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllianceBar {
    share: PercentValue,
    #[serde(default)]
    counted_from: Option<PercentValue>,
    #[serde(default)]
    article: Option<String>,
}

/// The votes a constituency's quota is computed on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuotaBase {
    /// The votes of the lists that take part (over the threshold): Czech Republic, Act
    /// 247/1995 § 50(1).
    #[default]
    ListsTakingPart,
    /// The constituency's valid votes for all lists, those below the threshold included:
    /// Slovenia, Zakon o volitvah v državni zbor art. 90(1) ("skupno število glasov,
    /// oddanih za vse liste kandidatov v volilni enoti").
    AllLists,
    /// The votes of the lists that take part and of every independent candidate standing
    /// in the constituency (the results' `independents`): Romania, Law 208/2015, whose
    /// electoral coefficient the BEC took on the lists over the threshold and the
    /// independent candidates (2020: the only base of those tried that gives the BEC's
    /// first-stage seats, tests/cases/ro-camera-deputatilor-2020.json). An independent's
    /// own seat (its votes reaching the coefficient) is not modelled: the count refuses
    /// such results rather than give the seat to a list.
    ListsTakingPartAndIndependents,
}

/// Where the seats come from that a list tier's divisors continue from
/// (`continue_from` in `[allocation]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContinueFrom {
    /// The single-member seats each party won inside the constituency (region), given
    /// with the results (`electorate_seats`): the additional member system of the
    /// Scottish Parliament (Scotland Act 1998 s. 7-8: the regional figure is the regional
    /// votes ÷ (1 + constituency seats won in the region + regional seats allocated)) and
    /// the Senedd until 2021 (Government of Wales Act 2006 s. 9).
    ElectorateSeats,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllocation {
    method: String,
    #[serde(default)]
    first_divisor: Option<DecimalValue>,
    #[serde(default)]
    level: Level,
    #[serde(default)]
    pool_alliances: bool,
    #[serde(default)]
    quota_rounding: Option<crate::method::QuotaRounding>,
    #[serde(default)]
    pooled_remainders: Option<crate::pooled::PooledRemainders>,
    #[serde(default)]
    leftover_seats: Option<crate::method::Leftover>,
    #[serde(default)]
    quota_base: Option<QuotaBase>,
    max_remainder_seats: Option<u32>,
    #[serde(default)]
    leftover_min_quotas: Option<DecimalValue>,
    remainder_seat_at: Option<PercentValue>,
    #[serde(default)]
    by: Option<ApportionBy>,
    #[serde(default)]
    min_seats: Option<u32>,
    #[serde(default)]
    continue_from: Option<ContinueFrom>,
    #[serde(default)]
    alliance_bar: Option<RawAllianceBar>,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawAllocation> for Allocation {
    type Error = String;
    fn try_from(r: RawAllocation) -> Result<Self, String> {
        use crate::method::QuotaRounding;
        if r.by.is_some() || r.min_seats.is_some() {
            return Err("`by` and `min_seats` belong to [apportionment], not to the list tier".into());
        }
        let method = Method::from_name(&r.method, r.first_divisor.map(|d| d.0)).map_err(|e| e.to_string())?;
        if r.quota_rounding.is_some() && method.is_divisor() {
            return Err(format!("`quota_rounding` applies to the quota methods (hare, droop, hagenbach-bischoff, imperiali-quota), not to {}", method.name()));
        }
        let quota_rounding = r.quota_rounding.unwrap_or_default();
        if r.leftover_seats.is_some() && method.is_divisor() {
            return Err(format!("`leftover_seats` applies to the quota methods (hare, droop, hagenbach-bischoff, imperiali-quota), not to {}", method.name()));
        }
        if r.quota_base.is_some() && method.is_divisor() {
            return Err(format!("`quota_base` applies to the quota methods (hare, droop, hagenbach-bischoff, imperiali-quota), not to {}", method.name()));
        }
        if r.leftover_seats.is_some() && r.pooled_remainders.is_some() {
            return Err("`leftover_seats` and `pooled_remainders` exclude each other: with pooled remainders the constituencies give no leftover seats".into());
        }
        if r.max_remainder_seats.is_some() && (r.pooled_remainders.is_some() || r.leftover_seats.is_some_and(|l| l != crate::method::Leftover::LargestRemainders)) {
            return Err("`max_remainder_seats` caps the largest remainders: it excludes `pooled_remainders` and `leftover_seats = \"most-votes\"`".into());
        }
        if r.leftover_min_quotas.is_some() && r.leftover_seats != Some(crate::method::Leftover::HighestAverages) {
            return Err("`leftover_min_quotas` is the share of the quota a list needs for the leftover seats by highest averages: it needs `leftover_seats = \"highest-averages\"`".into());
        }
        if let Some(q) = &r.leftover_min_quotas {
            if q.0.as_fraction().num == 0 {
                return Err("`leftover_min_quotas` must be above 0 (leave it out to let every list with votes take part)".into());
            }
        }
        if r.pooled_remainders.is_some() {
            if r.level != Level::Constituency || r.pool_alliances {
                return Err("`pooled_remainders` pools the remainders of the constituencies: it needs level = \"constituency\" and no pool_alliances".into());
            }
            // Remainders are summed over the constituencies: whole numbers of votes, as
            // the laws that pool them have it (a rounded quota). A continued national
            // round does not use the remainders.
            let continued = r.pooled_remainders.as_ref().is_some_and(|p| p.shares == crate::pooled::Shares::Continued);
            if quota_rounding == QuotaRounding::Exact && !continued && !method.is_divisor() {
                return Err("`pooled_remainders` sums whole-vote remainders: give the first round's `quota_rounding` (nearest, up or down), as the law rounds its quota".into());
            }
        }
        if r.remainder_seat_at.is_some() {
            if r.pooled_remainders.is_none() || r.leftover_seats.is_some() || r.max_remainder_seats.is_some() {
                return Err("`remainder_seat_at` leaves the seats no remainder reaches to a national round: it needs `pooled_remainders`, and excludes `leftover_seats` and `max_remainder_seats`".into());
            }
            if r.remainder_seat_at.as_ref().is_some_and(|p| p.0.as_fraction().num == 0) {
                return Err("`remainder_seat_at` must be above 0% (0% would give every list a seat for any remainder)".into());
            }
        }
        if r.continue_from.is_some() && (r.level != Level::Constituency || r.pool_alliances) {
            return Err("`continue_from` continues from the seats won in each constituency (region): it needs level = \"constituency\" and no pool_alliances".into());
        }
        if r.alliance_bar.is_some() && (!r.pool_alliances || r.level != Level::National) {
            return Err("`alliance_bar` decides which alliances are pooled nationally: it needs `pool_alliances = true` and level = \"national\"".into());
        }
        let alliance_bar = r.alliance_bar.map(|b| AllianceBar { share: b.share.0, counted_from: b.counted_from.map(|p| p.0), article: b.article });
        let a = Allocation {
            method,
            level: r.level,
            pool_alliances: r.pool_alliances,
            alliance_bar,
            quota_rounding,
            pooled_remainders: r.pooled_remainders,
            leftover: r.leftover_seats.unwrap_or_default(),
            quota_base: r.quota_base.unwrap_or_default(),
            continue_from: r.continue_from,
            max_remainder_seats: r.max_remainder_seats,
            leftover_min_quotas: r.leftover_min_quotas.map(|d| d.0),
            remainder_seat_at: r.remainder_seat_at.map(|p| p.0.as_fraction()),
            article: r.article,
        };
        a.check_method()?;
        Ok(a)
    }
}

impl Allocation {
    /// Whether the tier counts independent candidates apart (the results'
    /// `independents`): their votes are in the quota's base, and they are never lists of
    /// the allocation (Romania, Law 208/2015).
    pub fn counts_independents(&self) -> bool {
        self.quota_base == QuotaBase::ListsTakingPartAndIndependents
    }

    /// Forgets the options that only say how a quota method works (how its quota is
    /// rounded and on which votes, who takes its leftover seats, a cap on its remainder
    /// seats): with a divisor method they have no meaning, so a what-if that changes the
    /// method to one is that law without them. A stage of its own (pooled remainders)
    /// is not forgotten: [`Allocation::check_method`] refuses it.
    pub fn drop_quota_options(&mut self) {
        self.quota_rounding = crate::method::QuotaRounding::default();
        self.quota_base = QuotaBase::default();
        self.leftover = crate::method::Leftover::default();
        self.max_remainder_seats = None;
        self.leftover_min_quotas = None;
    }

    /// The rules of the tier that depend on its method, checked when a law is read and
    /// again when `--set method` changes it ([`Law::set`]): an option of a quota method
    /// kept beside a divisor method (or the reverse) would be silently dropped, and the
    /// answer would be for a law nobody wrote.
    pub fn check_method(&self) -> Result<(), String> {
        let m = self.method.name();
        let quota_option = |name: &str| format!("`{name}` applies to the quota methods (hare, droop, hagenbach-bischoff, imperiali-quota), not to {m}");
        if self.method.is_divisor() {
            if self.max_remainder_seats.is_some() {
                return Err(quota_option("max_remainder_seats"));
            }
            if self.quota_base != QuotaBase::default() {
                return Err(quota_option("quota_base"));
            }
            if self.leftover != crate::method::Leftover::default() {
                return Err(quota_option("leftover_seats"));
            }
            if self.quota_rounding != crate::method::QuotaRounding::default() {
                return Err(quota_option("quota_rounding"));
            }
            if self.pooled_remainders.is_some() {
                return Err(format!("`pooled_remainders` follows a quota method's first round, not {m}"));
            }
            if self.remainder_seat_at.is_some() {
                return Err(format!("`remainder_seat_at` gives a seat for a remainder of a quota method, not for {m}"));
            }
        } else if self.continue_from.is_some() {
            return Err(format!("`continue_from` continues the divisors of a divisor method from the seats already won, not {m}"));
        }
        Ok(())
    }
}

impl TryFrom<RawAllocation> for Apportionment {
    type Error = String;
    fn try_from(r: RawAllocation) -> Result<Self, String> {
        if r.pool_alliances || r.alliance_bar.is_some() || r.level != Level::Constituency || r.quota_rounding.is_some() || r.pooled_remainders.is_some() || r.leftover_seats.is_some() || r.quota_base.is_some() || r.continue_from.is_some() || r.max_remainder_seats.is_some() || r.leftover_min_quotas.is_some() || r.remainder_seat_at.is_some() {
            return Err("an apportionment has only `method`, `first_divisor`, `by`, `min_seats` and `article`".into());
        }
        let method = Method::from_name(&r.method, r.first_divisor.map(|d| d.0)).map_err(|e| e.to_string())?;
        Ok(Apportionment { method, by: r.by.unwrap_or_default(), min_seats: r.min_seats.unwrap_or(0), article: r.article })
    }
}

/// A decimal written as a TOML number (`1.4`) or string (`"1.4"`), read exactly.
#[derive(Clone, Copy, Debug)]
pub struct DecimalValue(pub Decimal);

impl<'de> Deserialize<'de> for DecimalValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = DecimalValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal number such as 1.4")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<DecimalValue, E> {
                s.parse().map(DecimalValue).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<DecimalValue, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<DecimalValue, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, x: f64) -> Result<DecimalValue, E> {
                // The shortest text that reads back as this float is what the author wrote
                // (1.4 prints as "1.4"), so the exact decimal is parsed from it.
                self.visit_str(&format!("{x}"))
            }
        }
        d.deserialize_any(V)
    }
}

/// What a threshold percentage is taken of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Base {
    /// Valid votes for all contestants (`total_valid_votes`, else the sum of `votes`).
    #[default]
    ValidVotes,
    /// Valid votes plus the lines that are not contestants (`other_votes`: 'against
    /// all', blank ballots).
    ValidVotesAndOther,
    /// All ballots cast (`ballots_cast` in the results).
    BallotsCast,
    /// The voters registered on the rolls (`registered` in the results): Argentina's
    /// Código Electoral Nacional art. 160, 3% of the district's padrón electoral.
    Registered,
}

impl Base {
    pub fn describe(&self) -> &'static str {
        match self {
            Base::ValidVotes => "valid votes",
            Base::ValidVotesAndOther => "valid votes including non-contestant lines",
            Base::BallotsCast => "ballots cast",
            Base::Registered => "registered voters",
        }
    }
}

/// One condition a list can meet to take part in the allocation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Condition {
    /// At least this share of a base, at a level.
    Share { share: Percent, base: Base, level: Level },
    /// At least this many quotas, the quota being the level's valid votes divided by
    /// its seats (Netherlands, Kieswet art. P 7: one full quota).
    Quotas { quotas: Decimal, level: Level },
    /// At least this many seats won in the lower tier (constituencies or electorates):
    /// Germany's three constituencies, New Zealand's one electorate.
    SeatsWon { seats: u32 },
    /// At least this share of a base in each of at least `constituencies` constituencies
    /// (each measured on its own base); a list that meets it takes part everywhere.
    /// Romania, Law 208/2015 art. 94(2)(a): "20% of the total number of validly cast
    /// votes in at least four electoral constituencies", beside 5% nationally. Written
    /// `{ share = "20%", level = "constituency", in_at_least = 4 }`.
    ShareIn { share: Percent, base: Base, constituencies: u32 },
}

impl Condition {
    pub fn level(&self) -> Level {
        match self {
            Condition::Share { level, .. } | Condition::Quotas { level, .. } => *level,
            // Decided once over every constituency, and met everywhere.
            Condition::SeatsWon { .. } | Condition::ShareIn { .. } => Level::National,
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lvl = |l: &Level| match l {
            Level::Constituency => "in the constituency",
            Level::National => "nationally",
        };
        match self {
            Condition::Share { share, base, level } => write!(f, "{share} of {} {}", base.describe(), lvl(level)),
            Condition::Quotas { quotas, level } => {
                let q = if quotas.to_string() == "1" { "one full quota".to_string() } else { format!("{quotas} quotas") };
                write!(f, "{q} (valid votes / seats) {}", lvl(level))
            }
            Condition::SeatsWon { seats } => {
                write!(f, "{seats} seat{} won in the lower tier", if *seats == 1 { "" } else { "s" })
            }
            Condition::ShareIn { share, base, constituencies } => {
                write!(f, "{share} of {} in at least {constituencies} constituenc{}", base.describe(), if *constituencies == 1 { "y" } else { "ies" })
            }
        }
    }
}

/// What happens when only one list meets the threshold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IfOnlyOnePasses {
    /// Nothing special: that list takes every seat.
    #[default]
    Nothing,
    /// The list with the next most votes also takes part (Kazakhstan, Constitutional
    /// Law on Elections art. 97(2), 7% version; law-notes A1).
    AdmitRunnerUp,
}

/// Lists admitted after the threshold, in descending order of votes, until the lists
/// taking part have together at least `share` of `base` (Lithuania, Rinkimų kodeksas
/// art. 169(1)-(2): the lists over the bar must have 60% of the votes of the voters who
/// took part; otherwise the list with the most votes that does not take part is admitted,
/// with every list of equal votes, and so on until 60% is reached). Measured at `level`,
/// like a threshold condition.
#[derive(Clone, Copy, Debug)]
pub struct AdmitUntil {
    pub share: Percent,
    pub base: Base,
    pub level: Level,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdmitUntil {
    share: PercentValue,
    #[serde(default)]
    of: Option<Base>,
    #[serde(default)]
    level: Option<Level>,
}

/// The lists a threshold condition applies to, by the number of parties that form them
/// (`members` in the results; 1 for a party's own list). Laws set higher bars for
/// coalitions: Czech Republic, Act 247/1995 §49(1) (5%, 8% for two parties, 11% for
/// three or more); Poland, Electoral Code art. 196 §1-2 (5%, 8% for coalition committees);
/// Slovakia, Act 180/2014 §66 (5%, 7% for two or three, 10% for four or more).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Members {
    pub min: u32,
    /// No upper bound when `None`.
    pub max: Option<u32>,
}

impl Members {
    /// Every list, whatever forms it.
    pub const ALL: Members = Members { min: 1, max: None };

    pub fn contains(&self, n: u32) -> bool {
        n >= self.min && self.max.is_none_or(|m| n <= m)
    }
}

impl fmt::Display for Members {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (1, None) => Ok(()),
            (1, Some(1)) => f.write_str(" (lists of one party)"),
            (a, Some(b)) if a == b => write!(f, " (coalitions of {a} parties)"),
            (a, Some(b)) => write!(f, " (lists of {a} to {b} parties)"),
            (a, None) => write!(f, " (coalitions of {a} or more parties)"),
        }
    }
}

/// The conditions for taking part in the allocation: a list takes part if it meets
/// any one of them that applies to it.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawThreshold")]
pub struct Threshold {
    pub any_of: Vec<Condition>,
    /// Which lists each condition of `any_of` applies to (same order; [`Members::ALL`]
    /// unless the law sets bars by list kind).
    pub for_lists: Vec<Members>,
    /// Lists exempt from the threshold (Germany, BWahlG § 4(2): parties of national
    /// minorities such as the SSW).
    pub exempt: Vec<String>,
    /// Multiplies the averages of the exempt lists that do not meet the threshold
    /// themselves (Serbia, Law on the election of members of parliament 2022: the
    /// quotients of national-minority lists under 3% are increased by 35%, factor 1.35).
    /// Divisor methods only.
    pub exempt_factor: Option<Decimal>,
    /// The lists the results declare exempt (`threshold_exempt`: lists whose status the
    /// electoral authority decides at each election, as Serbia's minority lists) are
    /// exempt too.
    pub exempt_declared: bool,
    pub if_only_one_passes: IfOnlyOnePasses,
    /// Lists admitted by votes until those taking part reach a share (Lithuania).
    pub admit_until: Option<AdmitUntil>,
    pub article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    #[serde(default)]
    seats_won: Option<Seats>,
    #[serde(default)]
    share: Option<PercentValue>,
    #[serde(default)]
    quotas: Option<DecimalValue>,
    #[serde(default)]
    of: Option<Base>,
    #[serde(default)]
    level: Option<Level>,
    /// The condition applies to lists formed by exactly this many parties.
    #[serde(default)]
    members: Option<u32>,
    /// The condition applies to lists formed by at least this many parties.
    #[serde(default)]
    min_members: Option<u32>,
    /// The condition applies to lists formed by at most this many parties.
    #[serde(default)]
    max_members: Option<u32>,
    /// A constituency share met in at least this many constituencies (Romania, Law
    /// 208/2015 art. 94(2)(a): 4).
    #[serde(default)]
    in_at_least: Option<u32>,
}

impl RawCondition {
    fn lists(&self) -> Result<Members, String> {
        let m = match (self.members, self.min_members, self.max_members) {
            (Some(n), None, None) => Members { min: n, max: Some(n) },
            (Some(_), _, _) => return Err("write `members` (exactly) or `min_members`/`max_members`, not both".into()),
            (None, min, max) => Members { min: min.unwrap_or(1), max },
        };
        if m.min == 0 || m.max.is_some_and(|x| x < m.min) {
            return Err(format!("a list is formed by at least one party: members from {} to {:?} is empty", m.min, m.max));
        }
        Ok(m)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThreshold {
    #[serde(default)]
    seats_won: Option<Seats>,
    #[serde(default)]
    exempt: Vec<String>,
    #[serde(default)]
    exempt_factor: Option<DecimalValue>,
    #[serde(default)]
    exempt_declared: bool,
    #[serde(default)]
    share: Option<PercentValue>,
    #[serde(default)]
    quotas: Option<DecimalValue>,
    #[serde(default)]
    of: Option<Base>,
    #[serde(default)]
    level: Option<Level>,
    #[serde(default)]
    in_at_least: Option<u32>,
    #[serde(default)]
    any_of: Option<Vec<RawCondition>>,
    #[serde(default)]
    if_only_one_passes: IfOnlyOnePasses,
    #[serde(default)]
    admit_until: Option<RawAdmitUntil>,
    #[serde(default)]
    article: Option<String>,
}

impl RawCondition {
    fn build(self) -> Result<Condition, String> {
        let level = self.level.unwrap_or_default();
        if let Some(s) = self.seats_won {
            if self.share.is_some() || self.quotas.is_some() || self.of.is_some() || self.level.is_some() || self.in_at_least.is_some() {
                return Err("`seats_won` is a condition of its own: put it in `any_of` beside the share".into());
            }
            return Ok(Condition::SeatsWon { seats: s.0 });
        }
        if let Some(n) = self.in_at_least {
            // A count of constituencies where the list has a share of the votes there.
            let share = match (self.share, self.quotas) {
                (Some(share), None) => share.0,
                _ => return Err("`in_at_least` counts the constituencies where a list has a `share` (e.g. { share = \"20%\", level = \"constituency\", in_at_least = 4 }): it needs `share`, not `quotas`".into()),
            };
            if level != Level::Constituency {
                return Err("`in_at_least` counts constituencies: the share is measured in each constituency (level = \"constituency\"), not nationally".into());
            }
            if n == 0 {
                return Err("`in_at_least` must be at least 1 (a number of constituencies)".into());
            }
            return Ok(Condition::ShareIn { share, base: self.of.unwrap_or_default(), constituencies: n });
        }
        match (self.share, self.quotas) {
            (Some(share), None) => Ok(Condition::Share { share: share.0, base: self.of.unwrap_or_default(), level }),
            (None, Some(q)) => {
                if self.of.is_some() {
                    return Err("`of` does not apply to `quotas` (a quota is always valid votes / seats)".into());
                }
                Ok(Condition::Quotas { quotas: q.0, level })
            }
            (Some(_), Some(_)) => Err("a condition has either `share` or `quotas`, not both".into()),
            (None, None) => Err("a condition needs `share` (e.g. \"5%\"), `quotas` (e.g. 1) or `seats_won` (e.g. 3)".into()),
        }
    }
}

impl TryFrom<RawThreshold> for Threshold {
    type Error = String;
    fn try_from(r: RawThreshold) -> Result<Self, String> {
        let single = r.share.is_some() || r.quotas.is_some() || r.of.is_some() || r.level.is_some() || r.seats_won.is_some() || r.in_at_least.is_some();
        let any_of = match (r.any_of, single) {
            (Some(_), true) => {
                return Err("write either one condition (`share`/`quotas`) or `any_of = [...]`, not both".into())
            }
            (Some(list), false) => {
                if list.is_empty() {
                    return Err("`any_of` needs at least one condition".into());
                }
                list
            }
            (None, _) => vec![RawCondition {
                seats_won: r.seats_won,
                share: r.share,
                quotas: r.quotas,
                of: r.of,
                level: r.level,
                members: None,
                min_members: None,
                max_members: None,
                in_at_least: r.in_at_least,
            }],
        };
        let for_lists = any_of.iter().map(RawCondition::lists).collect::<Result<Vec<_>, _>>()?;
        let any_of = any_of.into_iter().map(RawCondition::build).collect::<Result<Vec<_>, _>>()?;
        let exempt_factor = r.exempt_factor.map(|d| d.0);
        if let Some(f) = exempt_factor {
            if f.is_zero() {
                return Err("`exempt_factor` multiplies averages: it must be above 0 (Serbia: 1.35)".into());
            }
            if r.exempt.is_empty() && !r.exempt_declared {
                return Err("`exempt_factor` applies to the exempt lists: name them in `exempt`, or take those the results declare (`exempt_declared = true`)".into());
            }
        }
        let admit_until = r.admit_until.map(|a| AdmitUntil { share: a.share.0, base: a.of.unwrap_or_default(), level: a.level.unwrap_or_default() });
        if admit_until.is_some() && r.if_only_one_passes != IfOnlyOnePasses::Nothing {
            return Err("`admit_until` and `if_only_one_passes` both admit lists under the bar: a law has one of them".into());
        }
        Ok(Threshold {
            any_of,
            for_lists,
            exempt: r.exempt,
            exempt_factor,
            exempt_declared: r.exempt_declared,
            if_only_one_passes: r.if_only_one_passes,
            admit_until,
            article: r.article,
        })
    }
}

/// A percentage written as a TOML string such as `"5%"`.
#[derive(Clone, Copy, Debug)]
pub struct PercentValue(pub Percent);

impl<'de> Deserialize<'de> for PercentValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = PercentValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a percentage as a string, such as \"5%\"")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<PercentValue, E> {
                s.parse().map(PercentValue).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// The law's chain of tie rules, applied in order until a tie is decided.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawTieChain")]
pub struct TieChain {
    pub chain: Vec<TieRule>,
    pub article: Option<String>,
}

impl Default for TieChain {
    /// More votes, then lot: the most common statutory rule.
    fn default() -> Self {
        TieChain { chain: vec![TieRule::MoreVotes, TieRule::Lot], article: None }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTieChain {
    chain: Vec<TieRule>,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawTieChain> for TieChain {
    type Error = String;
    fn try_from(r: RawTieChain) -> Result<Self, String> {
        if !r.chain.last().is_some_and(|x| x.always_decides()) {
            return Err("a tie chain must end with \"list-order\" or \"lot\", which always decide".into());
        }
        for (i, a) in r.chain.iter().enumerate() {
            if r.chain[..i].contains(a) {
                return Err(format!("tie rule {:?} appears twice", a.describe()));
            }
        }
        Ok(TieChain { chain: r.chain, article: r.article })
    }
}

impl Law {
    /// Replaces the percentage of the threshold's share conditions, in the list tier's threshold
    /// and the compensation tier's (adding a threshold on valid votes to the list tier,
    /// or to a compensation tier without one, if the law has none at all), or in a
    /// biproportional law's quorum: the "what if the threshold were 5%?" of a reform. A
    /// bar of whole quotas becomes that share of the valid votes. Beside a national bar,
    /// the other ways in stay (a constituency's share, as Sweden's 12%; a share in N
    /// constituencies; seats won), as do the bars of coalitions.
    ///
    /// A law in which no tier reads a list threshold (ranked ballots, single-member
    /// districts alone, Malta's additional seats) refuses the change: a threshold added
    /// there would change no seat, and the answer would look like "no effect".
    ///
    /// ```
    /// # let mut law: mandat_core::law::Law = mandat_core::law::Law::example();
    /// law.set_threshold_share("5%".parse().unwrap()).unwrap();
    /// assert_eq!(law.threshold.unwrap().any_of[0].to_string(), "5% of valid votes nationally");
    /// ```
    pub fn set_threshold_share(&mut self, p: Percent) -> Result<(), String> {
        if let Some(b) = &mut self.biproportional {
            let q = b.quorum.as_mut().ok_or("this biproportional law has no quorum ([biproportional.quorum]) whose share could change; add one in a law file")?;
            for share in [&mut q.in_any_district, &mut q.overall].into_iter().flatten() {
                *share = p;
            }
            return Ok(());
        }
        if self.allocation.is_none() && self.compensation.is_none() {
            let has = if let Some(r) = &self.ranked {
                format!("elects candidates from ranked ballots ([ranked] rule {})", r.rule.0)
            } else if self.additional_seats.is_some() {
                "takes the divisions' members as counted and adds seats to them ([additional_seats])".to_string()
            } else {
                "elects its members in single-member districts only ([single_member])".to_string()
            };
            return Err(format!("this law {has}: no tier of it reads a list threshold, so a threshold would change no seat"));
        }
        let mut touched = false;
        let thresholds = self.threshold.iter_mut().chain(self.compensation.as_mut().and_then(|c| c.threshold.as_mut()));
        for t in thresholds {
            // Bars set for coalitions only (Czech §49: 8%, 11%) stay: the question is
            // the bar of a party's own list.
            // Beside a national bar, a constituency's bar is a way in for regional
            // strength (Sweden's 12%), not the threshold asked about.
            let national = t.any_of.iter().zip(&t.for_lists).any(|(c, l)| l.contains(1) && matches!(c, Condition::Share { level: Level::National, .. }));
            for (c, lists) in t.any_of.iter_mut().zip(&t.for_lists) {
                if !lists.contains(1) {
                    continue;
                }
                match c {
                    Condition::Share { share, level, .. } if !national || *level == Level::National => *share = p,
                    // A bar of whole quotas (Netherlands: one kiesdeler) is the same bar
                    // in other units: the question replaces it. Kept beside the share,
                    // it would still admit every list it admits now.
                    Condition::Quotas { level, .. } => *c = Condition::Share { share: p, base: Base::ValidVotes, level: *level },
                    // Other ways in stay: seats won (Germany's three constituencies), a
                    // share in some constituencies (Romania's 20% in four), a
                    // constituency's share beside the national bar.
                    Condition::Share { .. } | Condition::SeatsWon { .. } | Condition::ShareIn { .. } => continue,
                }
                touched = true;
            }
        }
        if !touched {
            // The list tier reads `threshold`; without a list tier, only the
            // compensation tier's own (national) threshold is read.
            let level = self.allocation.as_ref().map_or(Level::National, |a| a.level);
            let cond = Condition::Share { share: p, base: Base::ValidVotes, level };
            let target = match &mut self.compensation {
                Some(c) if self.allocation.is_none() => &mut c.threshold,
                _ => &mut self.threshold,
            };
            match target {
                Some(t) => {
                    t.any_of.push(cond);
                    t.for_lists.push(Members::ALL);
                }
                None => {
                    *target = Some(Threshold {
                        any_of: vec![cond],
                        for_lists: vec![Members::ALL],
                        exempt: Vec::new(),
                        exempt_factor: None,
                        exempt_declared: false,
                        if_only_one_passes: IfOnlyOnePasses::Nothing,
                        admit_until: None,
                        article: None,
                    })
                }
            }
        }
        Ok(())
    }

    /// Changes one parameter, as `mandat compare --set KEY=VALUE` does: `threshold`
    /// ([`Law::set_threshold_share`]), `method` (every tier's, where the law's tiers share
    /// one; `list_method` and `compensation_method` choose one tier),
    /// `first_divisor` (of the tiers using `modified-sainte-lague`), `seats` ([`Law::set_seats`]), `results_seats` (`check`,
    /// `use` or `ignore`: [`ResultsSeats`]), `ties` (comma-separated rules). A change
    /// that the law cannot take is refused, never dropped.
    ///
    /// ```
    /// let mut law = mandat_core::law::Law::example();
    /// law.set("method", "sainte-lague").unwrap();
    /// law.set("threshold", "5%").unwrap();
    /// assert!(law.set("colour", "blue").is_err());
    /// ```
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        if let Some(r) = self.ranked.as_ref().filter(|_| matches!(key, "threshold" | "method" | "list_method" | "compensation_method" | "first_divisor" | "ties")) {
            // The ranked rule decides everything but the seats: a list threshold or
            // method set here would be silently ignored.
            return Err(format!("this law elects candidates from ranked ballots ([ranked] rule {}): it has no list {} to change; change the seats, or count under another rule (`mandat tabulate --rule`)", r.rule.0, key.replace('_', " ")));
        }
        match key {
            "threshold" => {
                let p: Percent = value.parse().map_err(|e: crate::exact::PercentError| e.to_string())?;
                self.set_threshold_share(p)?;
            }
            "method" | "list_method" | "compensation_method" => {
                for m in self.methods_for(key)? {
                    // Modified Sainte-Laguë keeps the tier's first divisor, or starts at 1.
                    let fd = (value == "modified-sainte-lague").then(|| m.first_divisor().unwrap_or(Decimal::from_integer(1)));
                    *m = Method::from_name(value, fd).map_err(|e| e.to_string())?;
                }
                if let Some(a) = self.allocation.as_mut().filter(|a| a.method.is_divisor()) {
                    a.drop_quota_options();
                }
                // The tiers' other rules must still hold with the new method.
                let why = |e: String| format!("method={value} cannot replace this law's method: {e}");
                self.allocation.as_ref().map_or(Ok(()), Allocation::check_method).map_err(why)?;
                self.compensation.as_ref().map_or(Ok(()), crate::compensation::Compensation::check_method).map_err(why)?;
            }
            "first_divisor" => {
                let d: Decimal = value.parse().map_err(|e: crate::exact::DecimalError| e.to_string())?;
                let tiers: Vec<&mut Method> = [self.allocation.as_mut().map(|a| &mut a.method), self.compensation.as_mut().map(|c| &mut c.method)].into_iter().flatten().collect();
                let named: Vec<&str> = tiers.iter().map(|m| m.name()).collect();
                let ms: Vec<&mut Method> = tiers.into_iter().filter(|m| m.first_divisor().is_some()).collect();
                // A first divisor belongs to the modified Sainte-Laguë method only;
                // silently dropping it would answer another question than the one asked.
                if ms.is_empty() {
                    let uses = if named.is_empty() { "no list or compensation method".to_string() } else { named.join(" and ") };
                    return Err(format!("first_divisor applies only to modified-sainte-lague, but this law uses {uses}; set method=modified-sainte-lague first"));
                }
                for m in ms {
                    *m = Method::from_name("modified-sainte-lague", Some(d)).map_err(|e| e.to_string())?;
                }
            }
            "seats" => {
                let n: u32 = value.parse().ok().filter(|&n| n > 0 && n <= 100_000).ok_or_else(|| format!("seats must be a whole number from 1 to 100000 (as in a law file), found {value:?}"))?;
                self.set_seats(n)?;
            }
            "results_seats" => {
                self.results_seats = match value {
                    "check" => ResultsSeats::Check,
                    "use" => ResultsSeats::Use,
                    "ignore" => ResultsSeats::Ignore,
                    other => return Err(format!("results_seats must be check, use or ignore, found {other:?}")),
                };
            }
            "ties" => {
                let chain = value
                    .split(',')
                    .map(|r| match r.trim() {
                        "more-votes" => Ok(TieRule::MoreVotes),
                        "fewer-votes" => Ok(TieRule::FewerVotes),
                        "list-order" => Ok(TieRule::ListOrder),
                        "lot" => Ok(TieRule::Lot),
                        other => Err(format!("unknown tie rule {other:?}; expected more-votes, fewer-votes, list-order or lot")),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                self.ties = TieChain::try_from(RawTieChain { chain, article: None })?;
            }
            _ => return Err(format!("unknown parameter {key:?}; expected threshold, method, list_method, compensation_method, first_divisor, seats, results_seats or ties")),
        }
        Ok(())
    }

    /// The methods a `--set` of `key` changes: `list_method` the list tier's
    /// ([allocation]), `compensation_method` the compensation tier's, and `method` every
    /// one the law has, where they are the same (Norway, Sweden and Iceland use one method
    /// in both tiers; changing only one would answer for a law nobody asked about). Where
    /// the two differ (Denmark: D'Hondt in the constituencies, Hare nationally), `method`
    /// is refused and the message says which keys choose.
    fn methods_for(&mut self, key: &str) -> Result<Vec<&mut Method>, String> {
        let list = self.allocation.as_mut().map(|a| &mut a.method);
        let comp = self.compensation.as_mut().map(|c| &mut c.method);
        match key {
            "list_method" => list.map(|m| vec![m]).ok_or_else(|| "this law has no list tier ([allocation]) whose method could change".to_string()),
            "compensation_method" => comp.map(|m| vec![m]).ok_or_else(|| "this law has no compensation tier ([compensation]) whose method could change".to_string()),
            _ => match (list, comp) {
                (None, None) => Err("this law has no list tier ([allocation]) nor compensation tier ([compensation]) whose method could change".to_string()),
                (Some(l), Some(c)) if *l != *c => Err(format!(
                    "this law shares seats by two methods, {l} in its list tier ([allocation]) and {c} in its compensation tier ([compensation]): say which to change, with list_method or compensation_method"
                )),
                (l, c) => Ok(l.into_iter().chain(c).collect()),
            },
        }
    }

    /// Changes the number of seats the law shares out, as `--set seats=N` does.
    ///
    /// The new number replaces the law's total: the compensation tier's seats, the
    /// national list tier's, or the total that `[apportionment]` shares among the
    /// constituencies by population. A law that fixes the seats of each constituency one
    /// by one has no rule to share a new total among them, so the change is refused
    /// rather than guessed. The seats a results file declares are ignored from then on:
    /// they are the real election's, not the one asked about.
    pub fn set_seats(&mut self, n: u32) -> Result<(), String> {
        let fixed: Vec<&ConstituencySeats> = self.constituencies.iter().filter(|c| !c.single_member).collect();
        if let Some(c) = &mut self.compensation {
            let held: u64 = fixed.iter().map(|c| c.seats.0 as u64).sum();
            // Norway's leveling seats sit inside the constituencies; Sweden's adjustment
            // seats come on top of them: either way the constituencies keep theirs.
            let leveling: u64 = fixed.iter().map(|c| c.leveling_seats as u64).sum();
            let fixed_list_seats = held - leveling;
            if self.apportionment.is_none() && (n as u64) < fixed_list_seats {
                return Err(format!(
                    "seats={n} is fewer than the {fixed_list_seats} seats this law fixes in its constituencies; the constituencies' seats can be changed only in a law file"
                ));
            }
            if leveling > 0 {
                return Err(format!(
                    "this law places {leveling} leveling seats one by one in named constituencies; a new total would need a rule for where the others go, which the law does not have: change the constituencies' seats in a law file"
                ));
            }
            c.total_seats = n;
            if self.seats.is_some() {
                self.seats = Some(Seats(n));
            }
        } else if !fixed.is_empty() && self.apportionment.is_none() && self.allocation.as_ref().is_some_and(|a| a.level == Level::Constituency) {
            return Err(format!(
                "this law fixes the seats of each of its {} constituencies and has no rule ([apportionment]) to share another total among them; change the constituencies' seats in a law file",
                fixed.len()
            ));
        } else {
            if !fixed.is_empty() && self.apportionment.is_none() {
                // A national tier whose constituencies are listed (one nationwide constituency).
                if let [only] = &mut self.constituencies[..] {
                    only.seats = Seats(n);
                }
            }
            self.seats = Some(Seats(n));
        }
        self.results_seats = ResultsSeats::Ignore;
        Ok(())
    }

    /// A minimal law (D'Hondt, national, no threshold) for examples and tests.
    pub fn example() -> Law {
        Law {
            id: "example".into(),
            name: "Example law".into(),
            citation: "none".into(),
            country: None,
            effective: None,
            notes: None,
            seats: None,
            constituencies: Vec::new(),
            results_seats: ResultsSeats::Check,
            apportionment: None,
            allocation: Some(Allocation {
                method: Method::DHondt,
                level: Level::National,
                pool_alliances: false,
                quota_rounding: crate::method::QuotaRounding::Exact,
                pooled_remainders: None,
                leftover: crate::method::Leftover::LargestRemainders,
                quota_base: QuotaBase::ListsTakingPart,
                continue_from: None,
                max_remainder_seats: None,
                leftover_min_quotas: None,
                remainder_seat_at: None,
                alliance_bar: None,
                article: None,
            }),
            threshold: None,
            compensation: None,
            ties: TieChain::default(),
            candidates: None,
            list_rules: Vec::new(),
            quotas: Vec::new(),
            biproportional: None,
            single_member: None,
            bonus: None,
            preferential: None,
            ranked: None,
            additional_seats: None,
        }
    }

    /// What the law fixes for a constituency, if it names it.
    pub fn constituency(&self, name: &str) -> Option<&ConstituencySeats> {
        self.constituencies.iter().find(|c| c.name == name)
    }
}
