//! What each step shows and edits: its guiding question, the columns of its list, and the form
//! for one of its items. The screens draw these; this module only maps items to fields and back.

use crate::domain::*;
use strum::{EnumMessage, VariantNames};

/// The question each step puts to the room, in our own words.
pub fn question(step: Step) -> &'static str {
    match step {
        Step::Setup => "Which service, who is in the room, and how long for each step?",
        Step::Context => {
            "What is the consumer after, what holds them back, what can the provider bring?"
        }
        Step::Benefits => "What good does the consumer expect from the service, or already get?",
        Step::Usefulness => {
            "How well does it help the consumer reach their goals? Relevance, not features."
        }
        Step::Importance => "How much does the service matter: to operations, compliance, people?",
        Step::Outcomes => {
            "What does the consumer want to achieve, and how far does the service get them?"
        }
        Step::Costs => "What does the consumer invest in money, time and effort? Is it acceptable?",
        Step::Risks => {
            "Which risks does it take away, which does it bring, how well are they handled?"
        }
        Step::Agreements => {
            "Who does what next, and by when, so that the value is really co-created?"
        }
        Step::Summary => {
            "Is the service worth what it costs, and where do the sides still disagree?"
        }
    }
}

/// The question of `step` in `mode`: a self-assessment has no sides to disagree.
pub fn question_in(step: Step, mode: Mode) -> &'static str {
    match (step, mode) {
        (Step::Summary, Mode::ProviderSelfAssessment | Mode::ConsumerSelfAssessment) => {
            "Is the service worth what it costs, and where is it weakest?"
        }
        _ => question(step),
    }
}

/// What a rating means on this step, for the column header and help.
pub fn rating_meaning(step: Step) -> &'static str {
    step.dimension()
        .map_or("", crate::domain::Dimension::meaning)
}

pub fn context_label(kind: ContextKind) -> &'static str {
    kind.label()
}

pub fn owner_label(owner: Owner) -> &'static str {
    owner.into()
}

pub fn role_label(role: Role) -> &'static str {
    role.into()
}

/// The header of the details column of a step's list.
pub fn detail_header(step: Step) -> &'static str {
    match step {
        Step::Context => "kind",
        Step::Benefits => "kind · measure",
        Step::Outcomes => "measure",
        Step::Usefulness => "goal",
        Step::Importance => "area",
        Step::Costs => "kind · amount",
        Step::Risks => "effect  L×I",
        Step::Agreements => "due · owner",
        _ => "",
    }
}

/// The text and the details of item `index` of `step`; empty when there is no such item.
pub fn cells(session: &Session, step: Step, index: usize) -> (&str, String) {
    if step == Step::Agreements {
        return session
            .agreements
            .get(index)
            .map_or(("", String::new()), |a| (&a.text, agreement_details(a)));
    }
    session
        .item(step, index)
        .map_or(("", String::new()), |item| (&item.text, details(item)))
}

/// What a list shows of an item beside its words.
fn details(item: &Item) -> String {
    match &item.part {
        Part::Context(c) => context_label(c.kind).to_string(),
        Part::Benefit(b) => benefit_details(b),
        Part::Usefulness(u) => u.goal.clone(),
        Part::Importance(m) => m.area.clone(),
        Part::Outcome(o) => {
            let parts = [measure_brief(o.figures), o.measure.clone()];
            let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
            parts.join(" · ")
        }
        Part::Cost(c) => cost_details(c),
        Part::Risk(r) => {
            let effect: &str = r.effect.into();
            format!(
                "{effect} {}×{}={}",
                r.likelihood,
                r.impact,
                r.exposure_text()
            )
        }
    }
}

/// A benefit's kind, its figures and its measure's name.
fn benefit_details(b: &BenefitPart) -> String {
    let kind: &str = b.kind.into();
    let mut details = kind.to_string();
    // The figures before the measure's name: short, so a narrow column keeps them.
    for part in [measure_brief(b.figures), b.measure.clone()] {
        if !part.is_empty() {
            details += &format!(" · {part}");
        }
    }
    details
}

/// A cost's direction when removed, its kind and its amount (a one-off said so).
fn cost_details(c: &CostPart) -> String {
    let kind: &str = c.kind.into();
    // A removed cost says so first; an imposed one reads as every cost always did.
    let kind = match c.direction {
        balance::CostDirection::Removed => format!("removed · {kind}"),
        balance::CostDirection::Imposed => kind.to_string(),
    };
    // A figure without a period is a one-off: say so, lest it pass for a monthly one.
    let once = c.figure().is_some_and(|a| a.per == balance::Period::Once)
        && !c.amount().to_lowercase().contains("once");
    match (c.amount().is_empty(), once) {
        (true, _) => kind,
        (false, false) => format!("{kind} · {}", c.amount()),
        (false, true) => format!("{kind} · {} · once", c.amount()),
    }
}

/// An agreement's marks (carried, done or dropped), due date, owner side and person.
fn agreement_details(a: &Agreement) -> String {
    // The owner side always shows; the person, when named, after it.
    let who = if a.person.is_empty() {
        owner_label(a.owner).to_string()
    } else {
        format!("{} · {}", owner_label(a.owner), a.person)
    };
    // The due date first: it is what a facilitator scans a list of actions for.
    let due = a.due.map_or(String::new(), |d| format!("{d} · "));
    let carried = if a.carried { "↻" } else { "" };
    let done = status_mark(a.status);
    let mark = format!("{carried}{done}");
    let mark = if mark.is_empty() { mark } else { mark + " " };
    format!("{mark}{due}{who}")
}

/// The mark an agreement's status shows by on every screen: ✓ done, ✗ dropped, none while
/// open.
pub fn status_mark(status: AgreementStatus) -> &'static str {
    match status {
        AgreementStatus::Done => "✓",
        AgreementStatus::Dropped => "✗",
        AgreementStatus::Open => "",
    }
}

/// A measure's figures beside the ratings (`72 → 24, now 20 · 100 %`); empty without any.
fn measure_brief(figures: Option<balance::Figures>) -> String {
    figures
        .filter(|f| !f.is_empty())
        .map_or_else(String::new, |f| f.brief())
}

/// An agreement's details for a narrow column: its marks, the due date (without the year
/// unless `year`) and the owner side, leaving out the person.
pub fn agreement_brief(a: &Agreement, year: bool) -> String {
    let carried = if a.carried { "↻" } else { "" };
    let done = status_mark(a.status);
    let mark = format!("{carried}{done}");
    let mark = if mark.is_empty() { mark } else { mark + " " };
    let due = a.due.map_or(String::new(), |d| {
        let d = d.to_string();
        let shown = if year { &d } else { d.get(5..).unwrap_or(&d) };
        format!("{shown} · ")
    });
    format!("{mark}{due}{}", owner_label(a.owner))
}

pub fn singular(step: Step) -> &'static str {
    match step {
        Step::Context => "context item",
        Step::Benefits => "benefit",
        Step::Usefulness => "usefulness item",
        Step::Importance => "importance item",
        Step::Outcomes => "outcome",
        Step::Costs => "cost",
        Step::Risks => "risk",
        Step::Agreements => "agreement",
        Step::Setup => "participant",
        Step::Summary => "closing answers",
    }
}

/// Removes item `index` of `step`; false if there is none.
pub fn remove_item(session: &mut Session, step: Step, index: usize) -> bool {
    fn take<T>(list: &mut impl List<T>, index: usize) -> bool {
        (index < list.item_count())
            .then(|| list.remove_item(index))
            .is_some()
    }
    if let Some(items) = session.items_mut(step) {
        return take(items, index);
    }
    match step {
        Step::Agreements => take(&mut session.agreements, index),
        Step::Setup => take(
            &mut session.participants,
            index.wrapping_sub(SETUP_DETAIL_ROWS),
        ),
        _ => false,
    }
}

/// Setup lists the session's details first, then the participants.
pub const SETUP_DETAIL_ROWS: usize = 6;

/// The detail row of the value index's agreed weights, the last one (it has its own form).
pub const WEIGHTS_ROW: usize = SETUP_DETAIL_ROWS - 1;

/// The label and value of Setup's detail row `row`.
pub fn setup_detail(session: &Session, row: usize) -> (&'static str, String) {
    match row {
        0 => ("Title", session.title.clone()),
        1 => ("Service", session.service.clone()),
        2 => ("Description", session.description.clone()),
        3 => ("Mode", session.mode.describe().to_string()),
        WEIGHTS_ROW => ("Weights", weights_text(session.weights)),
        _ => {
            let boxes: Vec<String> = session
                .timebox
                .iter()
                .map(|(s, m)| format!("{} {m}′", s.title()))
                .collect();
            (
                "Timeboxes",
                if boxes.is_empty() {
                    "default: 10′ a step, 15′ for the summary".to_string()
                } else {
                    boxes.join(", ")
                },
            )
        }
    }
}

/// The agreed weights in a line: `perceived value 40 · outcomes 30 · costs 20 · risks 10`.
pub fn weights_text(weights: Option<balance::Weights>) -> String {
    match weights.filter(|w| !w.are_equal()) {
        None => "equal (the value index weighs its parts the same)".to_string(),
        some => balance::weights_words(some),
    }
}

/// The words of each choice a form offers, in the order of its options: the domain's words
/// for each enum (its `VariantNames`), so the form, the list and the reports say the same.
pub(super) const CONTEXT_KINDS: &[&str] = ContextKind::VARIANTS;
pub(super) const BENEFIT_KINDS: &[&str] = BenefitKind::VARIANTS;
pub(super) const REALISATIONS: &[&str] = Realisation::VARIANTS;
pub(super) const COST_KINDS: &[&str] = CostKind::VARIANTS;
pub(super) const EFFECTS: &[&str] = RiskEffect::VARIANTS;
/// What the service does to a cost, imposed first (the default): read after the form's
/// label, "The service ● imposes it ○ removes it".
pub(super) const COST_DIRECTIONS: &[&str] = &["imposes it", "removes it"];
/// Which way a measure is better.
pub(super) const MEASURE_DIRECTIONS: &[&str] = &["up", "down"];
pub(super) const OWNERS: &[&str] = Owner::VARIANTS;
pub(super) const ROLES: &[&str] = Role::VARIANTS;
pub(super) const STATUSES: &[&str] = AgreementStatus::VARIANTS;
/// The mode's choices are its form words (`Mode`'s `message`), which strum cannot give in a
/// constant: built once.
pub(super) static MODES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    [
        Mode::Workshop,
        Mode::ProviderSelfAssessment,
        Mode::ConsumerSelfAssessment,
    ]
    .map(|m| m.get_message().unwrap_or_else(|| m.name()))
    .to_vec()
});
// A choice's index is the variant's place in its enum, the order of its `VARIANTS`.
pub(super) fn context_kind(kind: ContextKind) -> usize {
    kind as usize
}
pub(super) fn owner_index(owner: Owner) -> usize {
    owner as usize
}
pub(super) fn role_index(role: Role) -> usize {
    role as usize
}
pub(super) fn mode_index(mode: Mode) -> usize {
    mode as usize
}
pub(super) fn cost_index(kind: CostKind) -> usize {
    kind as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cost(amount: &str) -> Session {
        let mut session = Session::new("s", "S", Timestamp::default());
        session.costs.push(Cost {
            text: "Fee".into(),
            amount: amount.into(),
            ..Cost::default()
        });
        session
    }

    #[test]
    fn a_cost_figure_without_a_period_says_once_in_the_list() {
        assert_eq!(
            cells(&with_cost("6000 EUR"), Step::Costs, 0).1,
            "money · 6000 EUR · once"
        );
        assert_eq!(
            cells(&with_cost("2 days once"), Step::Costs, 0).1,
            "money · 2 days once"
        );
        assert_eq!(
            cells(&with_cost("6000 EUR/month"), Step::Costs, 0).1,
            "money · 6000 EUR/month"
        );
    }
}
