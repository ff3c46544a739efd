//! The value model of PRODUCT.md, as pure functions of a session. `summarize` returns one
//! `Summary`; docs/value-model.md explains every number in it to a facilitator.

use super::balance::{self, CostBalance, Figures, Weights};
use super::rating::{Points, Ratings, Side, mean_of};
use super::session::{Dimension, Group, RatedItem, RiskEffect, Session, Step};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A score on the 0–100 scale, or `None` when there is nothing to base it on.
pub type Score = Option<f64>;

/// One dimension's scores, per side, with how many items they rest on.
#[derive(Clone, Debug, PartialEq)]
pub struct DimensionScore {
    pub dimension: Dimension,
    pub provider: Score,
    pub consumer: Score,
    pub items: usize,
    pub rated_provider: usize,
    pub rated_consumer: usize,
    /// Per side, the mean spread (highest − lowest, in rating points) over the items that
    /// several of its raters rated; `None` where no item has more than one rater on the side.
    pub spread_provider: Option<f64>,
    pub spread_consumer: Option<f64>,
    /// The score of every stakeholder group that rated, per side.
    pub groups: Vec<GroupScore>,
    /// The two sides' scores as exact fractions, for `combined` and the verdicts.
    exact: [Option<Exact>; 2],
}

/// One stakeholder group's score of a dimension: the mean over the items the group rated of the
/// mean of its raters' ratings, on 0–100, as for a side.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupScore {
    pub side: Side,
    pub group: Group,
    pub score: Score,
    /// How many different people of the group rated in this dimension.
    pub raters: usize,
}

/// The fewest raters a group needs before an anonymous session shows its score: with fewer,
/// the score would tell who said what.
pub const ANONYMOUS_MIN: usize = 3;

/// A group's score as a report may show it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shown {
    Score(Score),
    /// Anonymous session, fewer than `ANONYMOUS_MIN` raters.
    Hidden,
}

impl GroupScore {
    /// The score, or `Hidden` when the session is anonymous and the group too small.
    pub fn shown(&self, anonymous: bool) -> Shown {
        if anonymous && self.raters < ANONYMOUS_MIN {
            Shown::Hidden
        } else {
            Shown::Score(self.score)
        }
    }
}

impl DimensionScore {
    pub fn side(&self, side: Side) -> Score {
        match side {
            Side::Provider => self.provider,
            Side::Consumer => self.consumer,
        }
    }

    /// The side's mean spread (see `spread_provider`).
    pub fn spread(&self, side: Side) -> Option<f64> {
        match side {
            Side::Provider => self.spread_provider,
            Side::Consumer => self.spread_consumer,
        }
    }

    /// The mean of the two sides' scores that exist, from the exact scores, so a verdict band's
    /// edge (60, 40) is met exactly when the ratings meet it.
    pub fn combined(&self) -> Score {
        self.combined_exact().map(Exact::value)
    }

    fn combined_exact(&self) -> Option<Exact> {
        Exact::mean(self.exact.iter().flatten().copied())
    }
}

/// An exact fraction of whole numbers: means of means computed in it land exactly on a
/// threshold (a gap of 2, a verdict's 60) when the ratings do, which sums of `f64` do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Exact {
    num: i128,
    den: i128,
}

impl Exact {
    fn new(num: i128, den: i128) -> Exact {
        let g = gcd(num.unsigned_abs(), den.unsigned_abs()).max(1) as i128;
        Exact {
            num: num / g,
            den: den / g,
        }
    }

    fn whole(n: i128) -> Exact {
        Exact { num: n, den: 1 }
    }

    fn add(self, other: Exact) -> Exact {
        Exact::new(
            self.num * other.den + other.num * self.den,
            self.den * other.den,
        )
    }

    fn sub(self, other: Exact) -> Exact {
        self.add(Exact::new(-other.num, other.den))
    }

    fn times(self, n: i128) -> Exact {
        Exact::new(self.num * n, self.den)
    }

    /// The nearest `f64`: one rounding, so an exact 60 is 60.0.
    fn value(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    fn mean(values: impl IntoIterator<Item = Exact>) -> Option<Exact> {
        let (sum, count) = values
            .into_iter()
            .fold((Exact::whole(0), 0i128), |(s, n), v| (s.add(v), n + 1));
        (count > 0).then(|| Exact::new(sum.num, sum.den * count))
    }

    /// A side's score of one item on 0–100: 25 × (mean − 1).
    fn score(ratings: &Ratings, side: Side) -> Option<Exact> {
        let (sum, count) = ratings.sum_count(side)?;
        Some(Exact::new(
            (i128::from(sum) - i128::from(count)) * 25,
            i128::from(count),
        ))
    }

    fn gap(ratings: &Ratings) -> Option<Exact> {
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

/// The three VOCR verdicts on a combined score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    /// 60 or more.
    Holds,
    /// From 40 up to 60.
    AtRisk,
    /// Under 40.
    Fails,
}

impl Verdict {
    pub fn of(score: f64) -> Verdict {
        if score >= 60.0 {
            Verdict::Holds
        } else if score >= 40.0 {
            Verdict::AtRisk
        } else {
            Verdict::Fails
        }
    }

    /// The JSON spelling: `holds`, `at_risk`, `fails`.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::AtRisk => "at_risk",
            Verdict::Fails => "fails",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::AtRisk => "at risk",
            Verdict::Fails => "fails",
        }
    }
}

/// Are outcomes achieved, costs acceptable, risks managed? `None` where nothing is rated.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Vocr {
    pub outcomes_achieved: Option<Verdict>,
    pub costs_acceptable: Option<Verdict>,
    pub risks_managed: Option<Verdict>,
}

impl Vocr {
    pub fn lines(&self) -> [(&'static str, Option<Verdict>); 3] {
        [
            ("Outcomes achieved", self.outcomes_achieved),
            ("Costs acceptable", self.costs_acceptable),
            ("Risks managed", self.risks_managed),
        ]
    }
}

/// Likelihood × impact counts: `cells[likelihood - 1][impact - 1]`.
pub type HeatMap = [[u32; 5]; 5];

#[derive(Clone, Debug, PartialEq, Default)]
pub struct RiskPicture {
    /// Sum of likelihood × impact over the risks the service mitigates.
    pub mitigated: u32,
    /// Sum of likelihood × impact over the risks the service introduces.
    pub introduced: u32,
    pub heat_mitigated: HeatMap,
    pub heat_introduced: HeatMap,
    /// Exposure before minus after, summed over the mitigated risks that say their after;
    /// `None` when none does.
    pub removed_by_mitigation: Option<i64>,
}

/// Why an item is on the discuss-next list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscussKind {
    /// The two sides' ratings are `DISCUSS_GAP` or more apart.
    Gap,
    /// The raters of one side are `DISCUSS_GAP` or more apart among themselves.
    Split(Side),
}

impl DiscussKind {
    /// The JSON spelling: `gap` or `split`.
    pub fn key(self) -> &'static str {
        match self {
            DiscussKind::Gap => "gap",
            DiscussKind::Split(_) => "split",
        }
    }
}

/// An item the two sides, or the people of one side, see differently enough to talk about.
#[derive(Clone, Debug, PartialEq)]
pub struct Discussion {
    pub step: Step,
    /// Position within its step's list, so a screen can jump to it.
    pub index: usize,
    pub text: String,
    pub kind: DiscussKind,
    /// Each side's rating of the item (the mean of its raters); none where a side has not rated.
    pub provider: Points,
    pub consumer: Points,
    /// Between the sides; none unless both have rated.
    pub gap: Points,
    /// Inside the side of a split (highest − lowest); 0 for a gap between the sides.
    pub spread: u8,
    /// How much the item matters, on a 1–5 scale (see `weight`).
    pub weight: f64,
}

impl Discussion {
    /// Why the item is listed, in words: `gap 3`, or `consumer split 2`.
    pub fn why(&self) -> String {
        match self.kind {
            DiscussKind::Gap => format!("gap {}", self.gap),
            DiscussKind::Split(side) => format!("{} split {}", side.name(), self.spread),
        }
    }

    /// The same reason in few columns, for a narrow list: `gap 3`, or `C split 2` (P or C, the
    /// side's letter as the ratings beside it are marked).
    pub fn why_short(&self) -> String {
        match self.kind {
            DiscussKind::Gap => self.why(),
            DiscussKind::Split(side) => {
                let letter = match side {
                    Side::Provider => 'P',
                    Side::Consumer => 'C',
                };
                format!("{letter} split {}", self.spread)
            }
        }
    }

    /// How far apart the ratings are: the gap, or for a split the spread. The list's order.
    pub fn size(&self) -> f64 {
        match self.kind {
            DiscussKind::Gap => self.gap.value().unwrap_or(0.0),
            DiscussKind::Split(_) => f64::from(self.spread),
        }
    }
}

/// One item of the discuss-next list with every reason it is listed: screens show an item once,
/// however many reasons it has (a gap, a split on either side).
#[derive(Clone, Debug, PartialEq)]
pub struct DiscussItem {
    /// Where the item's reasons are in `Summary::discuss`, in the list's order (largest first).
    pub reasons: Vec<usize>,
}

/// The parts the value index is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    PerceivedValue,
    Outcomes,
    Costs,
    Risks,
}

impl Component {
    pub const ALL: [Component; 4] = [
        Component::PerceivedValue,
        Component::Outcomes,
        Component::Costs,
        Component::Risks,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Component::PerceivedValue => "perceived_value",
            Component::Outcomes => "outcomes",
            Component::Costs => "costs",
            Component::Risks => "risks",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Component::PerceivedValue => "perceived value",
            Component::Outcomes => "outcomes",
            Component::Costs => "costs",
            Component::Risks => "risks",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValueIndex {
    /// The geometric mean of the components that have data, weighted by the room's agreed
    /// weights when it has any; `None` if no component has data.
    pub value: Score,
    /// Each component with its score, `None` where it has no data and was left out.
    pub components: Vec<(Component, Score)>,
    /// The plain geometric mean, every component weighing the same: `value` without weights.
    pub equal: Score,
    /// The weights `value` uses; `None` when the session has none or they are all equal.
    pub weights: Option<Weights>,
}

impl ValueIndex {
    /// The index from its components: the plain geometric mean, and the weighted one when
    /// unequal weights are agreed. Equal weights are no weights, so the index stays the same.
    pub fn new(components: Vec<(Component, Score)>, weights: Option<Weights>) -> ValueIndex {
        let present: Vec<f64> = components.iter().filter_map(|(_, s)| *s).collect();
        let equal = geometric_mean(&present);
        let weights = weights.filter(|w| !w.are_equal());
        let value = match weights {
            Some(w) => balance::weighted_geometric_mean(
                &components
                    .iter()
                    .zip(w.points())
                    .filter_map(|((_, s), points)| s.map(|s| (s, points)))
                    .collect::<Vec<_>>(),
            ),
            None => equal,
        };
        ValueIndex {
            value,
            components,
            equal,
            weights,
        }
    }

    /// The weight of a component out of 100, when weights are agreed.
    pub fn weight(&self, component: Component) -> Option<u8> {
        let at = Component::ALL.iter().position(|c| *c == component)?;
        Some(self.weights?.points()[at])
    }

    pub fn used(&self) -> impl Iterator<Item = Component> + '_ {
        self.components
            .iter()
            .filter(|(_, s)| s.is_some())
            .map(|(c, _)| *c)
    }

    pub fn missing(&self) -> impl Iterator<Item = Component> + '_ {
        self.components
            .iter()
            .filter(|(_, s)| s.is_none())
            .map(|(c, _)| *c)
    }
}

/// How far a step has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing written yet.
    Empty,
    /// Something written, but items unrated (or, for Setup and Summary, fields left blank).
    Partial,
    Complete,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Completeness {
    pub step: Step,
    pub status: Status,
    pub items: usize,
    /// Items still missing a rating from a side this mode collects.
    pub unrated: usize,
}

/// Everything the live summary, the dashboard and `covalue summary` show.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub dimensions: Vec<DimensionScore>,
    /// Mean of benefits, usefulness and importance per side.
    pub perceived_provider: Score,
    pub perceived_consumer: Score,
    pub vocr: Vocr,
    pub risk: RiskPicture,
    pub alignment: Score,
    /// Items rated by both sides, for the alignment and a count on screen.
    pub rated_by_both: usize,
    /// One entry per reason: an item with a gap and a split is here twice.
    pub discuss: Vec<Discussion>,
    /// The same list one entry per item, placed where its largest reason is.
    pub discuss_items: Vec<DiscussItem>,
    pub value_index: ValueIndex,
    pub completeness: Vec<Completeness>,
    /// Usefulness and outcome items placed by importance and performance.
    pub quadrants: Vec<Placed>,
    /// Ratings the viewer may not see, left out of every number (see `Viewer`).
    pub hidden: usize,
    /// Ratings not yet revealed that every number includes: only for `Viewer::Everything`
    /// (`--include-hidden`), so an output can say so at its top.
    pub included_hidden: usize,
    /// Costs removed and imposed, with their amounts summed per unit and period.
    pub cost_balance: CostBalance,
    /// The benefits and outcomes that carry a measure's figures, in step order.
    pub measures: Vec<Measured>,
    /// Measures and perceptions that disagree.
    pub watermelon: Watermelons,
}

/// A benefit or outcome with a measure's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    pub step: Step,
    pub index: usize,
    pub text: String,
    /// What is measured, in words ("hours of downtime a month"); may be empty.
    pub measure: String,
    pub figures: Figures,
    /// How far the actual moved from the baseline toward the target, 0–1.
    pub realisation: Option<f64>,
    /// Each side's rating of the item as the viewer sees it.
    pub provider: Points,
    pub consumer: Points,
}

/// Items whose measure and perception disagree ("watermelons": green outside, red inside).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Watermelons {
    /// The target is met while a side rates the item `WATERMELON_LOW` or lower.
    pub met_but_perceived_low: Vec<Measured>,
    /// The target is missed while a side rates the item `WATERMELON_HIGH` or higher.
    pub missed_but_perceived_high: Vec<Measured>,
}

impl Watermelons {
    pub fn is_empty(&self) -> bool {
        self.met_but_perceived_low.is_empty() && self.missed_but_perceived_high.is_empty()
    }
}

/// A side's rating at or below this, with the measure met, is a watermelon.
pub const WATERMELON_LOW: f64 = 2.0;
/// A side's rating at or above this, with the measure missed, is the reverse.
pub const WATERMELON_HIGH: f64 = 4.0;

/// The four parts of the importance–performance view. On both axes only a score above 50 (the
/// "moderate" middle of the scale) counts as high: an item the sides rate 4 and 2 is not yet
/// performing well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quadrant {
    /// Matters a lot, performs poorly: the place to act.
    ConcentrateHere,
    /// Matters a lot, performs well.
    KeepItUp,
    /// Matters little, performs poorly.
    LowPriority,
    /// Matters little, performs well: effort that may be better spent elsewhere.
    PossibleOverkill,
}

impl Quadrant {
    pub const ALL: [Quadrant; 4] = [
        Quadrant::ConcentrateHere,
        Quadrant::KeepItUp,
        Quadrant::LowPriority,
        Quadrant::PossibleOverkill,
    ];

    pub fn of(importance: f64, performance: f64) -> Quadrant {
        match (importance > 50.0, performance > 50.0) {
            (true, false) => Quadrant::ConcentrateHere,
            (true, true) => Quadrant::KeepItUp,
            (false, false) => Quadrant::LowPriority,
            (false, true) => Quadrant::PossibleOverkill,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Quadrant::ConcentrateHere => "concentrate here",
            Quadrant::KeepItUp => "keep it up",
            Quadrant::LowPriority => "low priority",
            Quadrant::PossibleOverkill => "possible overkill",
        }
    }
}

/// An item on the importance–performance view.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub step: Step,
    pub index: usize,
    pub text: String,
    /// The item's own importance, or the session's Importance score (0–100).
    pub importance: f64,
    /// The mean of the two sides' scores of the item (0–100).
    pub performance: f64,
    pub quadrant: Quadrant,
}

impl Summary {
    /// The reasons of the discuss-next item on `row` of `discuss_items`, largest first; none
    /// past the end.
    pub fn reasons(&self, row: usize) -> impl Iterator<Item = &Discussion> {
        self.discuss_items
            .get(row)
            .into_iter()
            .flat_map(|item| item.reasons.iter().map(|&i| &self.discuss[i]))
    }

    pub fn dimension(&self, dimension: Dimension) -> &DimensionScore {
        &self.dimensions[Dimension::ALL
            .iter()
            .position(|d| *d == dimension)
            .unwrap_or(0)]
    }
}

/// The smallest gap, in rating points, that puts an item on the discuss-next list.
pub const DISCUSS_GAP: u8 = 2;

fn mean(values: impl IntoIterator<Item = f64>) -> Score {
    let (sum, count) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (count > 0).then(|| sum / count as f64)
}

/// The geometric mean of scores on 0–100; one zero makes it zero, which is the point.
fn geometric_mean(values: &[f64]) -> Score {
    if values.is_empty() {
        return None;
    }
    let product: f64 = values.iter().product();
    Some(product.powf(1.0 / values.len() as f64))
}

fn dimension_score(
    session: &Session,
    dimension: Dimension,
    ratings: &[&Ratings],
) -> DimensionScore {
    let side = |side: Side| ratings.iter().filter_map(move |r| r.score(side));
    let exact = |side: Side| Exact::mean(ratings.iter().filter_map(|r| Exact::score(r, side)));
    let (exact_provider, exact_consumer) = (exact(Side::Provider), exact(Side::Consumer));
    let spread = |side: Side| {
        mean(
            ratings
                .iter()
                .filter(|r| r.raters(side).len() > 1)
                .filter_map(|r| r.spread(side).map(f64::from)),
        )
    };
    DimensionScore {
        dimension,
        provider: exact_provider.map(Exact::value),
        consumer: exact_consumer.map(Exact::value),
        items: ratings.len(),
        rated_provider: side(Side::Provider).count(),
        rated_consumer: side(Side::Consumer).count(),
        spread_provider: spread(Side::Provider),
        spread_consumer: spread(Side::Consumer),
        groups: group_scores(session, ratings),
        exact: [exact_provider, exact_consumer],
    }
}

type GroupTally<'a> = (Vec<f64>, BTreeSet<&'a str>);

/// Every group's score over some items' ratings, per side.
fn group_scores(session: &Session, ratings: &[&Ratings]) -> Vec<GroupScore> {
    // The group of each rater, looked up once.
    let mut groups: BTreeMap<(Side, &str), Group> = BTreeMap::new();
    // Per group: its item scores, and who rated.
    let mut scores: BTreeMap<(Side, Group), GroupTally> = BTreeMap::new();
    for r in ratings {
        let mut by_group: BTreeMap<(Side, Group), Vec<_>> = BTreeMap::new();
        for side in Side::BOTH {
            for (name, rating) in r.raters(side) {
                let group = groups
                    .entry((side, name))
                    .or_insert_with(|| session.rater_group(side, name))
                    .clone();
                let entry = scores.entry((side, group.clone())).or_default();
                entry.1.insert(name);
                by_group.entry((side, group)).or_default().push(*rating);
            }
        }
        for (key, group_ratings) in by_group {
            if let Some(m) = mean_of(group_ratings) {
                scores
                    .entry(key)
                    .or_default()
                    .0
                    .push((m - 1.0) / 4.0 * 100.0);
            }
        }
    }
    scores
        .into_iter()
        .map(|((side, group), (item_scores, names))| GroupScore {
            side,
            group,
            score: mean(item_scores),
            raters: names.len(),
        })
        .collect()
}

/// How much an item matters when two gaps tie: the higher of the two sides' ratings, or for a
/// risk its exposure scaled from 1–25 down to 1–5, so risks and other items compare on one
/// scale.
fn weight(ratings: &Ratings, exposure: Option<u32>) -> f64 {
    match exposure {
        Some(exposure) => f64::from(exposure) / 5.0,
        None => Side::BOTH
            .into_iter()
            .filter_map(|s| ratings.mean(s))
            .fold(0.0, f64::max),
    }
}

/// The discuss-next entries of one item: a gap between the sides, and a split inside each side.
fn discussions(item: &RatedItem<'_>, rating: &Ratings) -> Vec<Discussion> {
    let entry = |kind, spread| Discussion {
        step: item.dimension.step(),
        index: item.index,
        text: item.text.to_string(),
        kind,
        provider: rating.side(Side::Provider),
        consumer: rating.side(Side::Consumer),
        gap: Points::new(rating.gap()),
        spread,
        weight: weight(rating, item.exposure),
    };
    let mut out = Vec::new();
    if rating.gap_reaches(DISCUSS_GAP) {
        out.push(entry(DiscussKind::Gap, 0));
    }
    for side in Side::BOTH {
        if let Some(spread) = rating.spread(side).filter(|s| *s >= DISCUSS_GAP) {
            out.push(entry(DiscussKind::Split(side), spread));
        }
    }
    out
}

/// Gathers the reasons of each item, in the order of the item's first (largest) reason.
fn discuss_items(discuss: &[Discussion]) -> Vec<DiscussItem> {
    let mut row_of: HashMap<(Step, usize), usize> = HashMap::new();
    let mut items: Vec<DiscussItem> = Vec::new();
    for (i, d) in discuss.iter().enumerate() {
        let row = *row_of.entry((d.step, d.index)).or_insert_with(|| {
            items.push(DiscussItem {
                reasons: Vec::new(),
            });
            items.len() - 1
        });
        items[row].reasons.push(i);
    }
    items
}

/// Whose eyes an output is for: the one rule of what a reader may see of a session's
/// ratings. Every output asks it (`Viewer::sees`), the screens, `list`, `summary`, `compare`,
/// `show` and the exports alike, instead of deciding for itself.
///
/// Whatever the viewer, a self-assessment counts only the side it assesses: the other side's
/// ratings (left in a file from a template or an earlier workshop) are never seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer<'a> {
    /// Every rating, revealed or not: the facilitator's own use (`--include-hidden`).
    Everything,
    /// The room while `Side` rates: the other side's unrevealed ratings are hidden.
    Turn(Side),
    /// The room while one person rates: with blind rating, everyone else's unrevealed rating
    /// is hidden, the people of the same side included.
    Person(Side, &'a str),
    /// One person rating alone (`open --as`): nobody else's rating, revealed or not.
    Alone(Side, &'a str),
    /// Anyone outside the workshop screens (the browser, `list`, `summary`, `compare`,
    /// `show`, the exports): no rating that is not yet revealed (`not_yet_revealed`).
    Room,
}

impl<'a> Viewer<'a> {
    /// The ratings of an item this viewer sees; borrowed when that is all of them. For many
    /// items of one session, `over` works out what the whole session decides once.
    pub fn sees<'r>(self, session: &Session, ratings: &'r Ratings) -> Cow<'r, Ratings> {
        self.over(session).sees(ratings)
    }

    /// This viewer over `session`, with what depends on the whole session (whether more than
    /// one person rates) worked out once, so a walk over every item stays one walk.
    pub fn over<'s>(self, session: &'s Session) -> Sight<'s, 'a> {
        Sight {
            session,
            viewer: self,
            several: session.blind && several_rate(session),
        }
    }
}

/// A viewer bound to one session (`Viewer::over`): the one visibility rule, item by item.
#[derive(Clone, Copy, Debug)]
pub struct Sight<'s, 'a> {
    session: &'s Session,
    viewer: Viewer<'a>,
    /// `several_rate`, for a blind session (unused otherwise).
    several: bool,
}

impl Sight<'_, '_> {
    /// The ratings of an item this viewer sees; borrowed when that is all of them.
    pub fn sees<'r>(&self, ratings: &'r Ratings) -> Cow<'r, Ratings> {
        let session = self.session;
        let counted = counted(session, ratings);
        let seen = match self.viewer {
            Viewer::Everything => return counted,
            Viewer::Turn(turn) => counted.visible(turn, session.blind),
            Viewer::Person(side, name) => session.seen_by(&counted, side, name),
            Viewer::Alone(side, name) => session.own_of(&counted, side, name),
            Viewer::Room if self.not_yet_revealed(ratings) => Ratings {
                revealed: ratings.revealed,
                ..Ratings::default()
            },
            Viewer::Room => return counted,
        };
        Cow::Owned(seen)
    }

    /// `not_yet_revealed` for one item of this session.
    pub fn not_yet_revealed(&self, ratings: &Ratings) -> bool {
        self.session.blind && !ratings.revealed && !ratings.is_empty() && self.several
    }
}

/// Whether an item's ratings are not yet revealed, so the room may not see them: the session
/// rates blind, the item has not been revealed (`r`), and someone who has still to rate could
/// be anchored by them. In a workshop that is always so; in a self-assessment only when more
/// than one person rates its side (one person alone has seen their own numbers). A session
/// that does not rate blind showed every rating as it was given, so nothing in it is hidden.
pub fn not_yet_revealed(session: &Session, ratings: &Ratings) -> bool {
    session.blind && !ratings.revealed && !ratings.is_empty() && several_rate(session)
}

/// Whether more than one person rates the sides the session's mode collects.
fn several_rate(session: &Session) -> bool {
    if session.mode == super::session::Mode::Workshop {
        return true;
    }
    // Stops at the second name: most files answer within their first items.
    let mut names = session.mode.sides().iter().flat_map(|side| {
        let people = session
            .participants
            .iter()
            .filter(move |p| p.role.side() == Some(*side))
            .map(|p| p.name.as_str());
        let raters = session
            .rated_items()
            .flat_map(move |item| item.rating.raters(*side).keys());
        people.chain(raters)
    });
    match names.next() {
        Some(first) => names.any(|name| name != first),
        None => false,
    }
}

/// The ratings a session counts: in a self-assessment only its own side's.
fn counted<'r>(session: &Session, ratings: &'r Ratings) -> Cow<'r, Ratings> {
    let sides = session.mode.sides();
    if Side::BOTH
        .iter()
        .all(|s| sides.contains(s) || !ratings.is_rated(*s))
    {
        return Cow::Borrowed(ratings);
    }
    let mut own = ratings.clone();
    for side in Side::BOTH.into_iter().filter(|s| !sides.contains(s)) {
        own.raters_mut(side).clear();
    }
    Cow::Owned(own)
}

/// How many ratings the room may not see yet (`Viewer::Room`): what an output that leaves
/// them out says it left out, and one that includes them says it included.
pub fn hidden_ratings(session: &Session) -> usize {
    if !session.blind || !several_rate(session) {
        return 0;
    }
    session
        .rated_items()
        .filter(|i| !i.rating.revealed)
        .map(|i| counted(session, i.rating).count())
        .sum()
}

/// The summary as `viewer` may see it.
pub fn summarize_as(session: &Session, viewer: Viewer<'_>) -> Summary {
    summarize_as_seen(session, viewer)
}

/// Computes the whole value summary of a session.
pub fn summarize(session: &Session) -> Summary {
    summarize_as_seen(session, Viewer::Everything)
}

/// The summary as the room may see it while `turn` rates. With blind rating on, ratings not
/// yet revealed to the other side are left out, so no score, gap or list on screen gives them
/// away; `hidden` says how many were left out.
pub fn summarize_visible(session: &Session, turn: Side) -> Summary {
    summarize_as_seen(session, Viewer::Turn(turn))
}

/// The summary as it may be shown outside the workshop screens (the session browser, `list`,
/// on a projector): in a blind workshop no number comes from a rating not yet revealed.
/// `hidden` says how many ratings were left out; see `is_partial`.
pub fn summarize_for_room(session: &Session) -> Summary {
    summarize_as_seen(session, Viewer::Room)
}

/// The summary as the room may see it while one person (`name` on `side`) rates: with blind
/// rating on, every other person's unrevealed rating is left out, their own side's too.
pub fn summarize_seen_by(session: &Session, side: Side, name: &str) -> Summary {
    summarize_as_seen(session, Viewer::Person(side, name))
}

/// The summary of one person's own ratings, for rating alone (`covalue open --as NAME`).
pub fn summarize_own(session: &Session, side: Side, name: &str) -> Summary {
    summarize_as_seen(session, Viewer::Alone(side, name))
}

impl Summary {
    /// Whether the numbers rest on too little to compare with other sessions (for a trend):
    /// some ratings are hidden, or fewer than half of the ratings the mode collects exist.
    pub fn is_partial(&self, mode: super::session::Mode) -> bool {
        let sides = mode.sides();
        let wanted: usize = self.dimensions.iter().map(|d| d.items * sides.len()).sum();
        let given: usize = self
            .dimensions
            .iter()
            .map(|d| {
                sides
                    .iter()
                    .map(|s| match s {
                        Side::Provider => d.rated_provider,
                        Side::Consumer => d.rated_consumer,
                    })
                    .sum::<usize>()
            })
            .sum();
        self.hidden > 0 || wanted == 0 || given * 2 < wanted
    }

    /// Each side's own VOCR verdict on `dimension` (provider, consumer), when both sides have
    /// rated it and their verdicts differ; `None` when they agree or a side is missing.
    pub fn split_verdict(&self, dimension: Dimension) -> Option<(Verdict, Verdict)> {
        let d = self.dimension(dimension);
        let (provider, consumer) = (Verdict::of(d.provider?), Verdict::of(d.consumer?));
        (provider != consumer).then_some((provider, consumer))
    }
}

fn summarize_as_seen(session: &Session, viewer: Viewer<'_>) -> Summary {
    let mut hidden = 0;
    let sight = viewer.over(session);
    // Each item with its ratings as seen: those the session counts, less what the viewer
    // may not see.
    let seen: Vec<(RatedItem<'_>, Cow<'_, Ratings>)> = session
        .rated_items()
        .map(|item| {
            let rating = sight.sees(item.rating);
            hidden += counted(session, item.rating).count() - rating.count();
            (item, rating)
        })
        .collect();
    let items: Vec<(&RatedItem<'_>, &Ratings)> =
        seen.iter().map(|(item, r)| (item, r.as_ref())).collect();

    let dimensions: Vec<DimensionScore> = Dimension::ALL
        .into_iter()
        .map(|d| {
            let ratings: Vec<&Ratings> = items
                .iter()
                .filter(|(i, _)| i.dimension == d)
                .map(|(_, r)| *r)
                .collect();
            dimension_score(session, d, &ratings)
        })
        .collect();
    let by = |d: Dimension| &dimensions[Dimension::ALL.iter().position(|x| *x == d).unwrap_or(0)];

    let perceived = |side: Side| {
        Exact::mean(
            [
                Dimension::Benefits,
                Dimension::Usefulness,
                Dimension::Importance,
            ]
            .into_iter()
            .filter_map(|d| by(d).exact[usize::from(side == Side::Consumer)]),
        )
    };
    let (exact_provider, exact_consumer) = (perceived(Side::Provider), perceived(Side::Consumer));
    let perceived_provider = exact_provider.map(Exact::value);
    let perceived_consumer = exact_consumer.map(Exact::value);

    let vocr = Vocr {
        outcomes_achieved: by(Dimension::Outcomes).combined().map(Verdict::of),
        costs_acceptable: by(Dimension::Costs).combined().map(Verdict::of),
        risks_managed: by(Dimension::Risks).combined().map(Verdict::of),
    };

    let mut risk = RiskPicture::default();
    for r in &session.risks {
        let cell = (
            usize::from(r.likelihood.get()) - 1,
            usize::from(r.impact.get()) - 1,
        );
        match r.effect {
            RiskEffect::Mitigated => {
                if let Some(removed) = r.removed() {
                    *risk.removed_by_mitigation.get_or_insert(0) += removed;
                }
                risk.mitigated += r.exposure();
                risk.heat_mitigated[cell.0][cell.1] += 1;
            }
            RiskEffect::Introduced => {
                risk.introduced += r.exposure();
                risk.heat_introduced[cell.0][cell.1] += 1;
            }
        }
    }

    let gaps: Vec<Exact> = items.iter().filter_map(|(_, r)| Exact::gap(r)).collect();
    let alignment =
        Exact::mean(gaps.iter().copied()).map(|g| Exact::whole(100).sub(g.times(25)).value());

    let mut discuss: Vec<Discussion> = items.iter().flat_map(|(i, r)| discussions(i, r)).collect();
    // A stable sort keeps step order among items that tie on both size and weight, and a gap
    // before a split of the same item.
    discuss.sort_by(|a, b| {
        b.size()
            .total_cmp(&a.size())
            .then(b.weight.total_cmp(&a.weight))
    });

    let combined_perceived =
        Exact::mean([exact_provider, exact_consumer].into_iter().flatten()).map(Exact::value);
    let components: Vec<(Component, Score)> = vec![
        (Component::PerceivedValue, combined_perceived),
        (Component::Outcomes, by(Dimension::Outcomes).combined()),
        (Component::Costs, by(Dimension::Costs).combined()),
        (Component::Risks, by(Dimension::Risks).combined()),
    ];
    let value_index = ValueIndex::new(components, session.weights);
    let measures = measures(session, viewer);

    let completeness = Step::ALL
        .into_iter()
        .map(|step| completeness(session, step))
        .collect();

    let overall_importance = by(Dimension::Importance).combined();
    let quadrants = items
        .iter()
        .filter(|(i, _)| matches!(i.dimension, Dimension::Usefulness | Dimension::Outcomes))
        .filter_map(|(i, r)| {
            let performance =
                Exact::mean(Side::BOTH.into_iter().filter_map(|s| Exact::score(r, s)))?.value();
            let importance = i.importance.map(|r| r.score()).or(overall_importance)?;
            Some(Placed {
                step: i.dimension.step(),
                index: i.index,
                text: i.text.to_string(),
                importance,
                performance,
                quadrant: Quadrant::of(importance, performance),
            })
        })
        .collect();

    Summary {
        dimensions,
        perceived_provider,
        perceived_consumer,
        vocr,
        risk,
        alignment,
        rated_by_both: gaps.len(),
        discuss_items: discuss_items(&discuss),
        discuss,
        value_index,
        completeness,
        quadrants,
        hidden,
        included_hidden: match viewer {
            Viewer::Everything => hidden_ratings(session),
            _ => 0,
        },
        cost_balance: balance::cost_balance(&session.costs),
        watermelon: watermelons(&measures),
        measures,
    }
}

/// The benefits and outcomes with figures, each with its ratings as `viewer` sees them.
fn measures(session: &Session, viewer: Viewer<'_>) -> Vec<Measured> {
    let benefits = session
        .benefits
        .iter()
        .map(|b| (Step::Benefits, &b.text, &b.measure, b.figures, &b.rating));
    let outcomes = session
        .outcomes
        .iter()
        .map(|o| (Step::Outcomes, &o.text, &o.measure, o.figures, &o.rating));
    // The whole session's part of the visibility rule once, not once per item.
    let sight = viewer.over(session);
    let mut index = [0usize; 2];
    benefits
        .chain(outcomes)
        .filter_map(|(step, text, measure, figures, rating)| {
            let at = &mut index[usize::from(step == Step::Outcomes)];
            *at += 1;
            let figures = figures?;
            let seen = sight.sees(rating);
            Some(Measured {
                step,
                index: *at - 1,
                text: text.clone(),
                measure: measure.clone(),
                figures,
                realisation: figures.realisation(),
                provider: seen.side(Side::Provider),
                consumer: seen.side(Side::Consumer),
            })
        })
        .collect()
}

/// The measured items whose perception says the opposite of their figures.
fn watermelons(measures: &[Measured]) -> Watermelons {
    let sides = |m: &Measured| {
        [m.provider.value(), m.consumer.value()]
            .into_iter()
            .flatten()
    };
    let pick = |met: bool, perceived: &dyn Fn(f64) -> bool| -> Vec<Measured> {
        measures
            .iter()
            .filter(|m| m.figures.met() == Some(met) && sides(m).any(perceived))
            .cloned()
            .collect()
    };
    Watermelons {
        met_but_perceived_low: pick(true, &|r| r <= WATERMELON_LOW),
        missed_but_perceived_high: pick(false, &|r| r >= WATERMELON_HIGH),
    }
}

fn completeness(session: &Session, step: Step) -> Completeness {
    let filled = |fields: &[&str]| fields.iter().filter(|f| !f.trim().is_empty()).count();
    let status_of = |done: usize, of: usize| match done {
        0 => Status::Empty,
        n if n < of => Status::Partial,
        _ => Status::Complete,
    };
    match step {
        Step::Setup => {
            let done = filled(&[&session.title, &session.service])
                + usize::from(!session.participants.is_empty());
            Completeness {
                step,
                status: status_of(done, 3),
                items: session.participants.len(),
                unrated: 0,
            }
        }
        Step::Summary => {
            let answers = session.closing.answers();
            let done = answers.iter().filter(|(_, a)| !a.trim().is_empty()).count();
            Completeness {
                step,
                status: status_of(done, answers.len()),
                items: done,
                unrated: 0,
            }
        }
        Step::Context | Step::Agreements => {
            let items = session.item_count(step);
            let status = if items == 0 {
                Status::Empty
            } else {
                Status::Complete
            };
            Completeness {
                step,
                status,
                items,
                unrated: 0,
            }
        }
        _ => {
            let sides = session.mode.sides();
            let dimension = step.dimension();
            let unrated = session
                .rated_items()
                .filter(|i| Some(i.dimension) == dimension)
                .filter(|i| sides.iter().any(|s| !i.rating.is_rated(*s)))
                .count();
            let items = session.item_count(step);
            let status = match (items, unrated) {
                (0, _) => Status::Empty,
                (_, 0) => Status::Complete,
                _ => Status::Partial,
            };
            Completeness {
                step,
                status,
                items,
                unrated,
            }
        }
    }
}

#[cfg(test)]
mod room_tests {
    use super::*;
    use crate::domain::{
        Agreement, AgreementStatus, Cost, Date, Mode, Outcome, Rating, Session, Timestamp,
    };

    fn rated(p: Option<u8>, c: Option<u8>, revealed: bool) -> Ratings {
        Ratings {
            revealed,
            ..Ratings::new(p.and_then(Rating::new), c.and_then(Rating::new))
        }
    }

    fn outcome(text: &str, ratings: Ratings) -> Outcome {
        Outcome {
            text: text.into(),
            rating: ratings,
            ..Default::default()
        }
    }

    #[test]
    fn the_room_never_sees_a_number_from_an_unrevealed_rating() {
        let mut s = Session::new("f", "Follow-up", Timestamp::default());
        s.outcomes = vec![
            outcome("Revealed", rated(Some(4), Some(4), true)),
            // One provider rating, still hidden: it gave "value 50" in the browser.
            outcome("Hidden", rated(Some(1), None, false)),
        ]
        .into();
        let room = summarize_for_room(&s);
        assert_eq!(room.dimension(Dimension::Outcomes).provider, Some(75.0));
        assert_eq!(room.dimension(Dimension::Outcomes).rated_provider, 1);
        assert_eq!(room.hidden, 1);
        assert!(room.is_partial(s.mode));
        let all = summarize(&s);
        assert_eq!(all.dimension(Dimension::Outcomes).provider, Some(37.5));
        assert_eq!(all.hidden, 0);

        // Without blind rating, or alone, nothing is hidden from anyone.
        s.blind = false;
        assert_eq!(summarize_for_room(&s).hidden, 0);
        s.blind = true;
        s.mode = Mode::ProviderSelfAssessment;
        assert_eq!(summarize_for_room(&s).hidden, 0);
    }

    #[test]
    fn a_session_with_little_rated_is_partial() {
        let mut s = Session::new("p", "P", Timestamp::default());
        assert!(summarize(&s).is_partial(s.mode), "nothing to rate at all");
        s.blind = false;
        s.outcomes = vec![
            outcome("a", rated(Some(4), Some(4), false)),
            outcome("b", rated(None, None, false)),
            outcome("c", rated(Some(2), None, false)),
        ]
        .into();
        // 3 of the 6 ratings a workshop collects: half is enough.
        assert!(!summarize(&s).is_partial(Mode::Workshop));
        s.outcomes[0].rating.set(Side::Consumer, None);
        assert!(summarize(&s).is_partial(Mode::Workshop), "2 of 6");
        // A provider self-assessment collects 3: 2 of them is more than half.
        assert!(!summarize(&s).is_partial(Mode::ProviderSelfAssessment));
    }

    #[test]
    fn each_sides_verdict_is_named_only_where_the_two_differ() {
        let mut s = Session::new("v", "V", Timestamp::default());
        s.costs = vec![Cost {
            text: "Fee".into(),
            rating: rated(Some(5), Some(1), true),
            ..Default::default()
        }]
        .into();
        s.outcomes = vec![outcome("o", rated(Some(4), Some(5), true))].into();
        let summary = summarize(&s);
        assert_eq!(summary.vocr.costs_acceptable, Some(Verdict::AtRisk));
        assert_eq!(
            summary.split_verdict(Dimension::Costs),
            Some((Verdict::Holds, Verdict::Fails))
        );
        assert_eq!(summary.split_verdict(Dimension::Outcomes), None);
        assert_eq!(summary.split_verdict(Dimension::Risks), None);
    }

    #[test]
    fn an_open_action_past_its_due_date_is_overdue() {
        let today = Date::new(2026, 11, 28).unwrap();
        let mut a = Agreement {
            text: "Send the figures".into(),
            due: Date::new(2026, 11, 27),
            ..Default::default()
        };
        assert!(a.is_overdue(today));
        assert!(!a.is_overdue(Date::new(2026, 11, 27).unwrap()), "due today");
        a.status = AgreementStatus::Done;
        assert!(!a.is_overdue(today));
        a.status = AgreementStatus::Dropped;
        assert!(!a.is_overdue(today));
        a.status = AgreementStatus::Open;
        a.due = None;
        assert!(!a.is_overdue(today));
    }

    #[test]
    fn notes_and_resolutions_follow_an_item_by_its_text() {
        let mut s = Session::new("n", "N", Timestamp::default());
        s.costs.push(Cost {
            text: "Fee".into(),
            ..Default::default()
        });
        s.agreements.push(Agreement {
            text: "Renegotiate".into(),
            ..Default::default()
        });
        s.set_note(Step::Costs, "Fee", "Too high for the consumer");
        s.resolutions.push(crate::domain::Resolution {
            agreement: "Renegotiate".into(),
            step: Step::Costs,
            item: "Fee".into(),
        });
        assert_eq!(
            s.note(Step::Costs, "Fee"),
            Some("Too high for the consumer")
        );
        assert_eq!(s.note(Step::Benefits, "Fee"), None);
        assert_eq!(s.resolves(&s.agreements[0]), Some((Step::Costs, "Fee")));
        assert_eq!(s.resolved_by(Step::Costs, "Fee").count(), 1);

        s.costs[0].text = "Monthly fee".into();
        s.rename_item(Step::Costs, "Fee", "Monthly fee");
        s.agreements[0].text = "Renegotiate the fee".into();
        s.rename_item(Step::Agreements, "Renegotiate", "Renegotiate the fee");
        assert_eq!(
            s.note(Step::Costs, "Monthly fee"),
            Some("Too high for the consumer")
        );
        assert_eq!(
            s.resolves(&s.agreements[0]),
            Some((Step::Costs, "Monthly fee"))
        );

        // Renaming moves only the links of that item or that agreement.
        let link = |agreement: &str, item: &str| crate::domain::Resolution {
            agreement: agreement.into(),
            step: Step::Costs,
            item: item.into(),
        };
        let mut links = s.clone();
        links.resolutions = vec![link("A", "Fee"), link("B", "Other")];
        links.rename_item(Step::Agreements, "A", "A2");
        links.rename_item(Step::Costs, "Fee", "Fee2");
        assert_eq!(links.resolutions, [link("A2", "Fee2"), link("B", "Other")]);
        // Only the renamed item's note moves: another item of the step keeps its own.
        s.set_note(Step::Costs, "Other", "Kept");
        s.rename_item(Step::Costs, "Monthly fee", "Fee per month");
        assert_eq!(s.note(Step::Costs, "Other"), Some("Kept"));
        s.rename_item(Step::Costs, "Fee per month", "Monthly fee");
        s.set_note(Step::Costs, "Other", "");
        s.set_note(Step::Costs, "Monthly fee", "  ");
        assert!(s.notes.is_empty(), "an empty note is no note");
        // A link to an item that no longer exists is not shown.
        s.costs.clear();
        assert_eq!(s.resolves(&s.agreements[0]), None);
    }

    #[test]
    fn setup_and_summary_are_partial_until_every_field_is_filled() {
        let mut s = Session::new("c", "Title only", Timestamp::default());
        let status = |s: &Session, step: Step| {
            summarize(s)
                .completeness
                .iter()
                .find(|c| c.step == step)
                .map(|c| (c.status, c.items))
                .unwrap()
        };
        assert_eq!(status(&s, Step::Setup), (Status::Partial, 0));
        assert_eq!(status(&s, Step::Summary), (Status::Empty, 0));
        s.closing.achieves = "More sales".into();
        s.closing.risks = "Fewer outages".into();
        assert_eq!(status(&s, Step::Summary), (Status::Partial, 2));
        s.closing.costs = "A fee".into();
        s.closing.perception = "Useful".into();
        assert_eq!(status(&s, Step::Summary), (Status::Complete, 4));
        s.service = "Payroll".into();
        s.participants.push(crate::domain::Participant {
            name: "Ana".into(),
            role: crate::domain::Role::Consumer,
            group: None,
        });
        assert_eq!(status(&s, Step::Setup), (Status::Complete, 1));
        s.title = " ".into();
        s.service = String::new();
        s.participants.clear();
        assert_eq!(status(&s, Step::Setup), (Status::Empty, 0));
    }
}
