//! Raw terminal bytes from an SSH channel, turned into the crossterm events the keymap already
//! handles. termwiz's `InputParser` (maintained with the wezterm terminal) does the decoding;
//! this module only translates its key names into crossterm's.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use termwiz::input::{InputEvent, InputParser, KeyCode as Tw, Modifiers};

/// Decodes one connection's input; keeps the state of a paste or sequence cut between packets.
pub struct Decoder {
    parser: InputParser,
    /// The start of a UTF-8 character cut off at the end of the last packet.
    carry: Vec<u8>,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new()
    }
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder {
            parser: InputParser::new(),
            carry: Vec::new(),
        }
    }

    /// The events in one packet of bytes. A packet ends a key press (an SSH client sends what
    /// the terminal gave it at once), so an Esc alone at the end is the Esc key, not the start
    /// of a sequence still to come.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let bytes = self.valid_utf8(bytes);
        let mut events = Vec::new();
        self.parser.parse(
            &bytes,
            |input| {
                if let Some(event) = translate(input) {
                    events.push(event);
                }
            },
            false,
        );
        events
    }
}

impl Decoder {
    /// `bytes` (after what was carried) as valid UTF-8: invalid bytes become U+FFFD and a
    /// character cut at the end waits for the next packet. termwiz's parser stops producing
    /// events for good after an invalid byte (a terminal set to Latin-1 sends them), so they
    /// never reach it.
    fn valid_utf8(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut input = std::mem::take(&mut self.carry);
        input.extend_from_slice(bytes);
        let mut out = Vec::with_capacity(input.len());
        let mut rest = &input[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    out.extend_from_slice(valid.as_bytes());
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    out.extend_from_slice(valid);
                    match e.error_len() {
                        Some(bad) => {
                            out.extend_from_slice("\u{FFFD}".as_bytes());
                            rest = &after[bad..];
                        }
                        None => {
                            self.carry = after.to_vec();
                            break;
                        }
                    }
                }
            }
        }
        out
    }
}

/// A window size from an SSH pty or window-change request, as crossterm reports one.
pub fn resize(columns: u32, rows: u32) -> Event {
    let clamp = |n: u32| u16::try_from(n).unwrap_or(u16::MAX);
    Event::Resize(clamp(columns), clamp(rows))
}

fn translate(input: InputEvent) -> Option<Event> {
    match input {
        InputEvent::Key(key) => key_event(key.key, key.modifiers).map(Event::Key),
        InputEvent::Paste(text) => Some(Event::Paste(text)),
        InputEvent::Resized { cols, rows } => Some(resize(
            u32::try_from(cols).unwrap_or(u32::MAX),
            u32::try_from(rows).unwrap_or(u32::MAX),
        )),
        // Mouse reporting is never switched on; a stray report is dropped, not guessed at.
        InputEvent::Mouse(_) | InputEvent::PixelMouse(_) | InputEvent::Wake => None,
    }
}

fn key_event(key: Tw, modifiers: Modifiers) -> Option<KeyEvent> {
    let mut mods = KeyModifiers::NONE;
    if modifiers.intersects(Modifiers::SHIFT | Modifiers::LEFT_SHIFT | Modifiers::RIGHT_SHIFT) {
        mods |= KeyModifiers::SHIFT;
    }
    if modifiers.intersects(Modifiers::CTRL | Modifiers::LEFT_CTRL | Modifiers::RIGHT_CTRL) {
        mods |= KeyModifiers::CONTROL;
    }
    if modifiers.intersects(Modifiers::ALT | Modifiers::LEFT_ALT | Modifiers::RIGHT_ALT) {
        mods |= KeyModifiers::ALT;
    }
    if modifiers.contains(Modifiers::SUPER) {
        mods |= KeyModifiers::SUPER;
    }
    let code = match key {
        Tw::Char(c) => {
            // crossterm reports capitals with SHIFT; do the same so both sources agree.
            if c.is_uppercase() {
                mods |= KeyModifiers::SHIFT;
            }
            KeyCode::Char(c)
        }
        Tw::Enter => KeyCode::Enter,
        Tw::Tab if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        Tw::Tab => KeyCode::Tab,
        Tw::Backspace => KeyCode::Backspace,
        Tw::Escape => KeyCode::Esc,
        Tw::Delete => KeyCode::Delete,
        Tw::Insert => KeyCode::Insert,
        Tw::Home | Tw::KeyPadHome => KeyCode::Home,
        Tw::End | Tw::KeyPadEnd => KeyCode::End,
        Tw::PageUp | Tw::KeyPadPageUp => KeyCode::PageUp,
        Tw::PageDown | Tw::KeyPadPageDown => KeyCode::PageDown,
        Tw::UpArrow | Tw::ApplicationUpArrow => KeyCode::Up,
        Tw::DownArrow | Tw::ApplicationDownArrow => KeyCode::Down,
        Tw::LeftArrow | Tw::ApplicationLeftArrow => KeyCode::Left,
        Tw::RightArrow | Tw::ApplicationRightArrow => KeyCode::Right,
        Tw::Function(n) => KeyCode::F(n),
        // Modifier keys alone, media keys and the like do nothing in covalue.
        _ => return None,
    };
    Some(KeyEvent::new(code, mods))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        Decoder::new()
            .feed(bytes)
            .into_iter()
            .map(|e| match e {
                Event::Key(k) => (k.code, k.modifiers),
                other => panic!("not a key: {other:?}"),
            })
            .collect()
    }

    fn one(bytes: &[u8]) -> (KeyCode, KeyModifiers) {
        let all = keys(bytes);
        assert_eq!(all.len(), 1, "{bytes:?} gave {all:?}");
        all[0]
    }

    const NONE: KeyModifiers = KeyModifiers::NONE;

    #[test]
    fn plain_text_and_control_keys() {
        assert_eq!(
            keys(b"a]5"),
            vec![
                (KeyCode::Char('a'), NONE),
                (KeyCode::Char(']'), NONE),
                (KeyCode::Char('5'), NONE)
            ]
        );
        assert_eq!(one(b"G"), (KeyCode::Char('G'), KeyModifiers::SHIFT));
        assert_eq!(one(b"\r"), (KeyCode::Enter, NONE));
        assert_eq!(one(b"\t"), (KeyCode::Tab, NONE));
        assert_eq!(one(b"\x1b[Z").0, KeyCode::BackTab);
        assert_eq!(one(b"\x7f"), (KeyCode::Backspace, NONE));
        assert_eq!(one(b"\x1b"), (KeyCode::Esc, NONE));
        assert_eq!(one(b"\x03"), (KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(one(b"\x13"), (KeyCode::Char('s'), KeyModifiers::CONTROL));
        assert_eq!(one(b"\x12"), (KeyCode::Char('r'), KeyModifiers::CONTROL));
        assert_eq!(one("é".as_bytes()), (KeyCode::Char('é'), NONE));
    }

    #[test]
    fn arrows_in_both_cursor_modes() {
        for (normal, app, code) in [
            (b"\x1b[A", b"\x1bOA", KeyCode::Up),
            (b"\x1b[B", b"\x1bOB", KeyCode::Down),
            (b"\x1b[C", b"\x1bOC", KeyCode::Right),
            (b"\x1b[D", b"\x1bOD", KeyCode::Left),
        ] {
            assert_eq!(one(normal), (code, NONE));
            assert_eq!(one(app), (code, NONE));
        }
        assert_eq!(one(b"\x1b[1;5C"), (KeyCode::Right, KeyModifiers::CONTROL));
        assert_eq!(one(b"\x1b[1;3A"), (KeyCode::Up, KeyModifiers::ALT));
    }

    #[test]
    fn home_end_pages_delete() {
        assert_eq!(one(b"\x1b[H").0, KeyCode::Home);
        assert_eq!(one(b"\x1b[F").0, KeyCode::End);
        assert_eq!(one(b"\x1b[1~").0, KeyCode::Home);
        assert_eq!(one(b"\x1b[4~").0, KeyCode::End);
        assert_eq!(one(b"\x1b[5~").0, KeyCode::PageUp);
        assert_eq!(one(b"\x1b[6~").0, KeyCode::PageDown);
        assert_eq!(one(b"\x1b[3~"), (KeyCode::Delete, NONE));
        assert_eq!(one(b"\x1b[2~").0, KeyCode::Insert);
    }

    #[test]
    fn function_keys() {
        assert_eq!(one(b"\x1bOP").0, KeyCode::F(1));
        assert_eq!(one(b"\x1bOS").0, KeyCode::F(4));
        assert_eq!(one(b"\x1b[15~").0, KeyCode::F(5));
        assert_eq!(one(b"\x1b[24~").0, KeyCode::F(12));
        assert_eq!(one(b"\x1b[1;2P"), (KeyCode::F(1), KeyModifiers::SHIFT));
    }

    #[test]
    fn alt_combinations() {
        assert_eq!(one(b"\x1bx"), (KeyCode::Char('x'), KeyModifiers::ALT));
        assert_eq!(
            one(b"\x1bB"),
            (KeyCode::Char('B'), KeyModifiers::ALT | KeyModifiers::SHIFT)
        );
    }

    #[test]
    fn bracketed_paste_is_one_event_even_across_packets() {
        let mut decoder = Decoder::new();
        let events = decoder.feed(b"\x1b[200~two\nlines\x1b[201~q");
        assert_eq!(
            events,
            vec![
                Event::Paste("two\nlines".into()),
                Event::Key(KeyEvent::new(KeyCode::Char('q'), NONE))
            ]
        );
        let mut decoder = Decoder::new();
        assert!(decoder.feed(b"\x1b[200~first half ").is_empty());
        assert_eq!(
            decoder.feed(b"second\x1b[201~"),
            vec![Event::Paste("first half second".into())]
        );
    }

    #[test]
    fn a_pasted_escape_sequence_stays_text() {
        // What the paste holds is text for a field, never a key press or a terminal command.
        let events = Decoder::new().feed(b"\x1b[200~\x1b[2J\x03\x1b[201~");
        assert_eq!(events, vec![Event::Paste("\x1b[2J\x03".into())]);
    }

    #[test]
    fn sizes_become_resize_events() {
        assert_eq!(resize(80, 24), Event::Resize(80, 24));
        assert_eq!(resize(100_000, 5), Event::Resize(u16::MAX, 5));
    }

    #[test]
    fn garbage_never_panics() {
        let q = Event::Key(KeyEvent::new(KeyCode::Char('q'), NONE));
        for chunk in [
            &b"\x1b["[..],
            b"\x1b[999999999999999999~",
            b"\xff\xfe\x00",
            b"\xe9t\xe9",
            b"\x1b]0;title\x07",
            b"\x1bP",
        ] {
            let mut decoder = Decoder::new();
            let _ = decoder.feed(chunk);
            // The decoder still works after it.
            assert!(decoder.feed(b"q").contains(&q), "stuck after {chunk:?}");
        }
    }

    #[test]
    fn a_character_cut_between_packets_is_joined() {
        let mut decoder = Decoder::new();
        let e_acute = "é".as_bytes();
        assert!(decoder.feed(&e_acute[..1]).is_empty());
        assert_eq!(
            decoder.feed(&e_acute[1..]),
            vec![Event::Key(KeyEvent::new(KeyCode::Char('é'), NONE))]
        );
        // A Latin-1 byte looks like the start of a character until the next key shows it is
        // not; then it is a replacement character, and the next key still arrives.
        let mut decoder = Decoder::new();
        assert!(decoder.feed(b"\xe9").is_empty());
        assert_eq!(
            decoder.feed(b"q"),
            vec![
                Event::Key(KeyEvent::new(KeyCode::Char('\u{FFFD}'), NONE)),
                Event::Key(KeyEvent::new(KeyCode::Char('q'), NONE))
            ]
        );
    }
}
