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
        Total::of(values).mean()
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

/// A sum and how many values went into it: a mean kept in two halves, so the totals of
/// several lists add up to the total of all of them without walking them again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Total {
    sum: Exact,
    count: i128,
}

impl Total {
    pub(super) fn of(values: impl IntoIterator<Item = Exact>) -> Total {
        // Item scores come in few denominators (how many people rated): their numerators are
        // summed per denominator and the fractions added once each, rather than a common
        // denominator and a gcd worked out for every value. The same sum, exactly.
        let mut by_den: Vec<(i128, i128)> = Vec::new();
        let mut count = 0;
        for v in values {
            count += 1;
            match by_den.iter_mut().find(|(den, _)| *den == v.den) {
                Some((_, num)) => *num += v.num,
                None => by_den.push((v.den, v.num)),
            }
        }
        let sum = by_den.into_iter().fold(Exact::whole(0), |sum, (den, num)| {
            sum.add(Exact::new(num, den))
        });
        Total { sum, count }
    }

    pub(super) fn add(self, other: Total) -> Total {
        Total {
            sum: self.sum.add(other.sum),
            count: self.count + other.count,
        }
    }

    /// How many values went in.
    pub(super) fn count(self) -> usize {
        self.count as usize
    }

    /// The mean; none of no values.
    pub(super) fn mean(self) -> Option<Exact> {
        (self.count > 0).then(|| Exact::new(self.sum.num, self.sum.den * self.count))
    }
}

impl Default for Total {
    fn default() -> Total {
        Total {
            sum: Exact::whole(0),
            count: 0,
        }
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Totals of several lists added up give the mean of all the values, exactly.
    #[test]
    fn totals_add_up_to_the_mean_of_everything() {
        let values: Vec<Exact> = (1..40).map(|n| Exact::new(n % 7, 1 + n % 4)).collect();
        let (a, b) = values.split_at(13);
        let added = Total::of(a.iter().copied()).add(Total::of(b.iter().copied()));
        assert_eq!(added.count(), values.len());
        assert_eq!(added.mean(), Exact::mean(values.iter().copied()));
        // The plain way: one running fraction, divided by the count at the end.
        let sum = values.iter().fold(Exact::whole(0), |s, v| s.add(*v));
        let plain = Exact::new(sum.num, sum.den * values.len() as i128);
        assert_eq!(added.mean(), Some(plain));
        let by_hand = values.iter().map(|v| v.value()).sum::<f64>() / values.len() as f64;
        assert!((added.mean().unwrap().value() - by_hand).abs() < 1e-12);
        assert_eq!(Total::default().mean(), None);
    }
}
