//! The votes of one election, as the count receives them: already parsed and checked.

/// The votes of an election, by constituency.
///
/// Parties are numbered in list order (registration order or list number, as the
/// results file gives them); that order is what the `list-order` tie rule uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Election {
    pub parties: Vec<String>,
    pub constituencies: Vec<ConstituencyVotes>,
    /// Groups of lists that agreed to pool their votes for the allocation (surplus-vote
    /// agreements, list connections), as party indices.
    pub alliances: Vec<Vec<usize>>,
    /// Groups of lists inside one alliance that pool again when the alliance's seats are
    /// split (Swiss sub-connections, Unterlistenverbindungen: BPR art. 31(1bis), 42), as
    /// party indices.
    pub sub_alliances: Vec<Vec<usize>>,
    /// The winners of single-member seats, when the results name them (Germany's
    /// Wahlkreise): who won where, with the first votes that decide the order in which
    /// winners are covered by their party's seats ([`crate::regional`]).
    pub winners: Vec<ConstituencyWinner>,
    /// How many parties form each list (by party index), where the results say: laws set
    /// higher thresholds for coalitions ([`crate::law::Members`]). Empty: every list is
    /// one party's.
    pub members: Vec<u32>,
    /// Lists the electoral authority declared exempt from the threshold, as party
    /// indices (Serbia: the national-minority lists, which the Republic Electoral
    /// Commission names when it proclaims the lists). Used only where the law's threshold
    /// says `exempt_declared = true`.
    pub exempt: Vec<usize>,
    /// Independent candidates, as party indices: contestants who stand alone, not as a
    /// list. Used only where the law's quota counts their votes (`quota_base =
    /// "lists-taking-part-and-independents"`: Romania, Law 208/2015).
    pub independents: Vec<usize>,
    /// The whole country's figures, when the results give only some constituencies but
    /// the law measures its threshold nationally (Indonesia's 4% of the national valid
    /// votes, UU 7/2017 art. 414): national thresholds use them instead of the sums of
    /// the constituencies given.
    pub national_totals: Option<NationalTotals>,
}

/// National figures given with results that cover part of the country.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NationalTotals {
    /// Each party's national votes, by party index.
    pub votes: Vec<u64>,
    /// The national valid votes (all lists, those not named included).
    pub total_valid_votes: u64,
}

/// The winner of a single-member seat inside one of the election's constituencies
/// (a Wahlkreis inside a Land).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ConstituencyWinner {
    /// The single-member constituency (Wahlkreis) name.
    pub name: String,
    /// Its official number, when the results give one.
    pub number: Option<u32>,
    /// The winning candidate, when the results name them.
    pub candidate: Option<String>,
    /// The constituency of the election it lies in (index into `constituencies`).
    pub region: usize,
    /// The winner's party (index into `parties`; independents are parties without votes).
    pub party: usize,
    /// The winner's first votes.
    pub votes: u64,
    /// Valid first votes cast in the single-member constituency.
    pub valid_votes: u64,
}

/// The votes cast in one constituency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConstituencyVotes {
    pub name: String,
    /// Seats, when the results give them (they win over the law's).
    pub seats: Option<u32>,
    /// Votes per party standing here (party index, votes), in list order.
    pub votes: Vec<(usize, u64)>,
    /// Ballot lines that are not contestants ('against all', blank), which some laws
    /// count in a threshold base.
    pub other_votes: Vec<(String, u64)>,
    /// Valid votes for all contestants, when `votes` omits some lists.
    pub total_valid_votes: Option<u64>,
    /// All ballots cast, valid or not.
    pub ballots_cast: Option<u64>,
    /// Seats of the list tier here, when the results give them (Norway: district seats).
    pub district_seats: Option<u32>,
    /// Leveling seats placed here by the compensation tier, when the results give them.
    pub leveling_seats: Option<u32>,
    /// Single-member seats won per party in this area (mixed-member systems).
    pub electorate_seats: Vec<(usize, u32)>,
    /// A single-member district (its `votes` are candidates labelled by party).
    pub single_member: bool,
    /// Voters registered (on the rolls), when the results give them: a two-round
    /// district's bars may be shares of them.
    pub registered: Option<u64>,
    /// Candidates' dates of birth (party index, `YYYY-MM-DD`), when the results give
    /// them: a round-2 tie may go to the oldest.
    pub born: Vec<(usize, String)>,
    /// The second round of a two-round district, when one took place.
    pub round_2: Option<Box<Round>>,
    /// The most seats a list can take here (party index, seats): its candidates who can
    /// still be elected. A divisor allocation passes the seats beyond to the other lists'
    /// next averages (Japan, Public Offices Election Act art. 95-2). Lists not named have
    /// no limit.
    pub capacity: Vec<(usize, u32)>,
    /// The ranked ballots of a constituency that elects candidates under a law's
    /// `[ranked]` section, with each candidate's party.
    pub ranked: Option<RankedBallots>,
}

/// A constituency's ranked ballots and the party (index into [`Election::parties`]) of
/// each candidate, in the ballots' candidate order.
#[derive(Clone, Debug)]
pub struct RankedBallots {
    pub ballots: std::sync::Arc<crate::ranked::BallotBox>,
    pub parties: Vec<usize>,
}

impl PartialEq for RankedBallots {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&*self.ballots, &*other.ballots);
        self.parties == other.parties && a.candidates == b.candidates && a.withdrawn == b.withdrawn && a.ballots == b.ballots
    }
}

impl Eq for RankedBallots {}

/// One more round of voting in a district (a two-round district's round 2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Votes per candidate (party index, votes).
    pub votes: Vec<(usize, u64)>,
    /// Ballot lines that are not candidates (blank, invalid).
    pub other_votes: Vec<(String, u64)>,
    pub registered: Option<u64>,
    pub ballots_cast: Option<u64>,
}

impl ConstituencyVotes {
    /// Valid votes for contestants: the declared total, else the sum of `votes`.
    pub fn valid_votes(&self) -> u64 {
        self.total_valid_votes.unwrap_or_else(|| self.votes.iter().map(|&(_, v)| v).sum())
    }

    pub fn other_votes_total(&self) -> u64 {
        self.other_votes.iter().map(|&(_, v)| v).sum()
    }
}

impl Election {
    /// Builds an election of one constituency from (party, votes) pairs, as
    /// `mandat apportion` does.
    ///
    /// ```
    /// use mandat_core::election::Election;
    /// let e = Election::single("votes", &[("A", 10), ("B", 5)], Some(3));
    /// assert_eq!(e.parties, vec!["A", "B"]);
    /// ```
    pub fn single(name: &str, votes: &[(&str, u64)], seats: Option<u32>) -> Election {
        Election {
            parties: votes.iter().map(|(p, _)| p.to_string()).collect(),
            constituencies: vec![ConstituencyVotes {
                name: name.to_string(),
                seats,
                votes: votes.iter().enumerate().map(|(i, &(_, v))| (i, v)).collect(),
                ..Default::default()
            }],
            alliances: Vec::new(),
            sub_alliances: Vec::new(),
            winners: Vec::new(),
            members: Vec::new(),
            exempt: Vec::new(),
            independents: Vec::new(),
            national_totals: None,
        }
    }

    /// How many parties form list `p` (1 unless the results say otherwise).
    pub fn members_of(&self, p: usize) -> u32 {
        self.members.get(p).copied().unwrap_or(1)
    }

    /// Votes per party over all constituencies.
    pub fn national_votes(&self) -> Vec<u64> {
        let mut out = vec![0u64; self.parties.len()];
        for c in &self.constituencies {
            for &(p, v) in &c.votes {
                out[p] += v;
            }
        }
        out
    }
}
