//! Exact fractions of whole numbers, so means of means land on a threshold (a gap of 2, a
//! verdict's 60) exactly when the ratings do.

use crate::domain::rating::{Ratings, Side};

/// An exact fraction of whole numbers: means of means computed in it land exactly on a
/// threshold (a gap of 2, a verdict's 60) when the ratings do, which sums of `f64` do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Exact {
    num: i128,
    den: i128,
}

impl Exact {
    pub(super) fn new(num: i128, den: i128) -> Exact {
        let g = gcd(num.unsigned_abs(), den.unsigned_abs()).max(1) as i128;
        Exact {
            num: num / g,
            den: den / g,
        }
    }

    pub(super) fn whole(n: i128) -> Exact {
        Exact { num: n, den: 1 }
    }

    pub(super) fn add(self, other: Exact) -> Exact {
        Exact::new(
            self.num * other.den + other.num * self.den,
            self.den * other.den,
        )
    }

    pub(super) fn sub(self, other: Exact) -> Exact {
        self.add(Exact::new(-other.num, other.den))
    }

    pub(super) fn times(self, n: i128) -> Exact {
        Exact::new(self.num * n, self.den)
    }

    /// The nearest `f64`: one rounding, so an exact 60 is 60.0.
    pub(super) fn value(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    pub(super) fn mean(values: impl IntoIterator<Item = Exact>) -> Option<Exact> {
        let (sum, count) = values
            .into_iter()
            .fold((Exact::whole(0), 0i128), |(s, n), v| (s.add(v), n + 1));
        (count > 0).then(|| Exact::new(sum.num, sum.den * count))
    }

    /// A side's score of one item on 0–100: 25 × (mean − 1).
    pub(super) fn score(ratings: &Ratings, side: Side) -> Option<Exact> {
        let (sum, count) = ratings.sum_count(side)?;
        Some(Exact::new(
            (i128::from(sum) - i128::from(count)) * 25,
            i128::from(count),
        ))
    }

    pub(super) fn gap(ratings: &Ratings) -> Option<Exact> {
        let (num, den) = ratings.gap_fraction()?;
        Some(Exact::new(i128::from(num), i128::from(den)))
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
