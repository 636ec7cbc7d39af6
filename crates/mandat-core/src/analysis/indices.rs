//! Disproportionality and fragmentation indices of a count.
//!
//! Indices describe a result; they never decide a seat, so they are computed in
//! floating point. Shares are in percent (Gallagher 1991; Loosemore & Hanby 1971;
//! Laakso & Taagepera 1979 for the effective number of parties).

use serde::Serialize;

/// The indices of one count, from votes and seats per party.
///
/// ```
/// use mandat_core::analysis::indices::Indices;
/// let i = Indices::new(&[50, 30, 20], &[6, 3, 1]);
/// assert!((i.loosemore_hanby - 10.0).abs() < 1e-9);
/// assert!((i.effective_parties_votes - 1.0 / 0.38).abs() < 1e-9);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indices {
    /// √(½ Σ (vᵢ − sᵢ)²), percentage points.
    pub gallagher: f64,
    /// ½ Σ |vᵢ − sᵢ|, percentage points.
    pub loosemore_hanby: f64,
    /// Σ (sᵢ − vᵢ)² / vᵢ over parties with votes.
    pub sainte_lague: f64,
    /// max |sᵢ − vᵢ|, percentage points.
    pub largest_deviation: f64,
    /// 1 / Σ vᵢ² (shares as fractions).
    pub effective_parties_votes: f64,
    /// 1 / Σ sᵢ².
    pub effective_parties_seats: f64,
    /// Σ vᵢ over parties without a seat, percent.
    pub votes_without_seats: f64,
}

impl Indices {
    pub fn new(votes: &[u64], seats: &[u32]) -> Indices {
        let tv: f64 = votes.iter().map(|&v| v as f64).sum();
        let ts: f64 = seats.iter().map(|&s| s as f64).sum();
        let share = |x: f64, t: f64| if t > 0.0 { 100.0 * x / t } else { 0.0 };
        let (mut sq, mut abs, mut sl, mut max, mut hv, mut hs, mut lost) = (0.0, 0.0, 0.0, 0.0f64, 0.0, 0.0, 0.0);
        for (i, &v) in votes.iter().enumerate() {
            let s = seats.get(i).copied().unwrap_or(0);
            let (vp, sp) = (share(v as f64, tv), share(s as f64, ts));
            let d = sp - vp;
            sq += d * d;
            abs += d.abs();
            if vp > 0.0 {
                sl += d * d / vp;
            }
            max = max.max(d.abs());
            hv += (vp / 100.0).powi(2);
            hs += (sp / 100.0).powi(2);
            if s == 0 {
                lost += vp;
            }
        }
        Indices {
            gallagher: (sq / 2.0).sqrt(),
            loosemore_hanby: abs / 2.0,
            sainte_lague: sl,
            largest_deviation: max,
            effective_parties_votes: if hv > 0.0 { 1.0 / hv } else { 0.0 },
            effective_parties_seats: if hs > 0.0 { 1.0 / hs } else { 0.0 },
            votes_without_seats: lost,
        }
    }
}
