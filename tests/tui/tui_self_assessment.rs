//! A self-assessment never talks about two sides (bug 8), and the quadrant view names an empty
//! Importance step as the reason nothing is placed.

use crate::support;

use covalue::domain::*;
use support::*;

fn consumer_alone() -> Session {
    let mut s = template_session();
    s.mode = Mode::ConsumerSelfAssessment;
    for item in s.rated_items_mut_for_test() {
        item.provider.clear();
    }
    s
}

trait ClearProvider {
    fn rated_items_mut_for_test(&mut self) -> Vec<&mut Ratings>;
}

impl ClearProvider for Session {
    fn rated_items_mut_for_test(&mut self) -> Vec<&mut Ratings> {
        let mut all: Vec<&mut Ratings> = Vec::new();
        all.extend(self.benefits.iter_mut().map(|i| &mut i.rating));
        all.extend(self.usefulness.iter_mut().map(|i| &mut i.rating));
        all.extend(self.importance.iter_mut().map(|i| &mut i.rating));
        all.extend(self.outcomes.iter_mut().map(|i| &mut i.rating));
        all.extend(self.costs.iter_mut().map(|i| &mut i.rating));
        all.extend(self.risks.iter_mut().map(|i| &mut i.rating));
        all
    }
}

#[test]
fn a_self_assessment_dashboard_speaks_of_one_side() {
    let mut app = workshop_app(consumer_alone());
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    assert!(!text.contains("Alignment"), "{text}");
    assert!(!text.contains("Tab"), "no turn to switch alone: {text}");
    summary_step(&mut app);
    for (width, height) in [(80, 24), (120, 40), (160, 50)] {
        app.handle(crossterm::event::Event::Resize(width, height));
        let text = screen(&app, width, height);
        for two_sided in [
            "Alignment",
            "sides still disagree",
            "between the sides",
            "P4 C",
        ] {
            assert!(
                !text.contains(two_sided),
                "{two_sided} at {width}x{height}: {text}"
            );
        }
    }
    snapshot_three_sizes("self_assessment_dashboard", &mut app);
    keys(&mut app, &["x"]);
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Each component is the consumer's score"),
        "{text}"
    );
    assert!(
        !text.contains("mean of the provider's and the consumer's"),
        "{text}"
    );
}

#[test]
fn the_quadrant_view_names_an_empty_importance_step() {
    let mut s = template_session();
    s.importance.clear();
    for u in &mut s.usefulness {
        u.usefulness_mut().importance = None;
    }
    for o in &mut s.outcomes {
        o.outcome_mut().importance = None;
    }
    let mut app = workshop_app(s);
    summary_step(&mut app);
    keys(&mut app, &["v", "v"]);
    app.handle(crossterm::event::Event::Resize(120, 30));
    let text = screen(&app, 120, 30);
    assert!(text.contains("the Importance step is empty"), "{text}");
}

#[test]
fn a_new_participant_is_on_the_side_a_self_assessment_collects() {
    for (mode, side) in [
        (Mode::ConsumerSelfAssessment, Role::Consumer),
        (Mode::ProviderSelfAssessment, Role::Provider),
        (Mode::Workshop, Role::Provider),
    ] {
        let mut s = Session::new("alone001", "Alone", Timestamp::from_unix(0));
        s.mode = mode;
        let mut app = workshop_app(s);
        keys(&mut app, &["a", "Kim Lee", "<enter>"]);
        let people = &w(&app).session().participants;
        assert_eq!(people.len(), 1, "{mode:?}");
        assert_eq!(people[0].role, side, "{mode:?}");
    }
}
