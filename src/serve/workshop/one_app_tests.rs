//! One app for everyone: the local facilitator's app and two participants over the same
//! master, through a rating and a reveal, each screen showing what the domain's one
//! visibility rule (`value::Viewer`) says its person may see.

use super::participant::tests::{cells, seat};
use super::tests::{room, session};
use super::*;
use crate::domain::Viewer;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// What a viewer's row of `index` must show per side: the number they may see, `•` for a
/// rating hidden from them, `·` for none.
fn expected(session: &Session, viewer: Viewer<'_>, index: usize) -> Vec<String> {
    let ratings = &session.benefits[index].rating;
    let seen = viewer.sees(session, ratings);
    Side::BOTH
        .iter()
        .map(|side| {
            let numbers: Vec<String> = seen
                .raters(*side)
                .values()
                .map(|r| r.get().to_string())
                .collect();
            match numbers.as_slice() {
                [one] => one.clone(),
                [] if !ratings.raters(*side).is_empty() => "•".to_string(),
                [] => "·".to_string(),
                _ => panic!("one rater a side in this example"),
            }
        })
        .collect()
}

fn drawn(draw: impl FnOnce(&mut ratatui::Frame)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(draw).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::from(KeyCode::Char(c)))
}

#[test]
fn a_local_app_and_two_participants_each_see_what_the_visibility_rule_allows() {
    let mut blind = session();
    blind.blind = true;
    let master = Master::new(blind.clone(), Step::Benefits);
    let mut workshop = Workshop::new(blind, "review.ron", None);
    workshop.go_to_step(Step::Benefits);
    let theme = Theme::new(crate::tui::theme::ThemeKind::Default);
    let mut local = App::for_workshop(workshop, Settings::default(), theme, 80, 24);
    local.set_serving(true);
    let room = room();
    let (mut ben, mut priya) = (seat(&master, "Ben"), seat(&master, "Priya"));

    assert_eq!(ben.handle(key('4'), &room), After::DrawAll);
    assert_eq!(priya.handle(key('2'), &room), After::DrawAll);
    // Back to the first item, which both rated.
    ben.handle(key('k'), &room);
    priya.handle(key('k'), &room);
    master.sync(local.workshop_mut().unwrap());

    let check = |local: &App, ben: &mut ParticipantScreen, priya: &mut ParticipantScreen| {
        let s = master.session();
        let screens = [
            (
                drawn(|f| local.render(f.area(), f.buffer_mut())),
                Viewer::Room,
            ),
            (
                drawn(|f| ben.draw(f, &room)),
                Viewer::Person(Side::Provider, "Ben"),
            ),
            (
                drawn(|f| priya.draw(f, &room)),
                Viewer::Person(Side::Consumer, "Priya"),
            ),
        ];
        for (shown, viewer) in screens {
            let row = cells(&shown, "Faster fixes");
            assert_eq!(
                row[..2],
                expected(&s, viewer, 0)[..],
                "{viewer:?}:\n{shown}"
            );
        }
    };
    // Before the reveal: each their own number, the others' a mark; the room no number.
    assert_eq!(
        expected(
            &master.session(),
            Viewer::Person(Side::Consumer, "Priya"),
            0
        ),
        ["•", "2"]
    );
    check(&local, &mut ben, &mut priya);

    // The facilitator reveals on the local app; everyone sees both numbers.
    local.handle(key('r'));
    master.sync(local.workshop_mut().unwrap());
    assert_eq!(
        expected(
            &master.session(),
            Viewer::Person(Side::Consumer, "Priya"),
            0
        ),
        ["4", "2"]
    );
    check(&local, &mut ben, &mut priya);
}

#[test]
fn undoing_a_reveal_hides_the_ratings_again_and_keeps_what_people_gave_since() {
    let mut blind = session();
    blind.blind = true;
    let master = Master::new(blind.clone(), Step::Benefits);
    let mut workshop = Workshop::new(blind, "review.ron", None);
    workshop.go_to_step(Step::Benefits);
    let theme = Theme::new(crate::tui::theme::ThemeKind::Default);
    let mut local = App::for_workshop(workshop, Settings::default(), theme, 80, 24);
    local.set_serving(true);
    let room = room();
    let (mut ben, mut priya) = (seat(&master, "Ben"), seat(&master, "Priya"));
    ben.handle(key('4'), &room);
    priya.handle(key('2'), &room);
    master.sync(local.workshop_mut().unwrap());
    local.handle(key('r'));
    master.sync(local.workshop_mut().unwrap());
    assert!(master.session().benefits[0].rating.revealed);

    // After the reveal Priya rates the second item and changes her first rating.
    priya.handle(key('5'), &room);
    priya.handle(key('k'), &room);
    priya.handle(key('3'), &room);
    master.sync(local.workshop_mut().unwrap());
    let given = |s: &Session, index: usize| {
        s.benefits[index]
            .rating
            .raters(Side::Consumer)
            .get("Priya")
            .map(|r| r.get())
    };
    assert_eq!(given(&master.session(), 0), Some(3));
    assert_eq!(given(&master.session(), 1), Some(5));

    // The facilitator undoes the reveal: the first item is hidden again, and nothing Priya
    // gave since is lost (before, undo put back the whole step as it was at the reveal).
    local.handle(key('u'));
    master.sync(local.workshop_mut().unwrap());
    let s = local.workshop().unwrap().session().clone();
    assert!(!s.benefits[0].rating.revealed);
    assert_eq!(given(&s, 0), Some(3));
    assert_eq!(given(&s, 1), Some(5));
    assert_eq!(given(&master.session(), 0), Some(3));
    // Redo reveals it again, still keeping her ratings.
    local.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('r'),
        crossterm::event::KeyModifiers::CONTROL,
    )));
    let s = local.workshop().unwrap().session().clone();
    assert!(s.benefits[0].rating.revealed);
    assert_eq!(given(&s, 0), Some(3));
}
