//! The quick reader as a serde `Deserializer`: each kind of value the way `ron` reads it with
//! `implicit_some`, or [`Unread`] where `ron` would read more than this subset.

use super::{Read, Reader, Unread};
use serde::de::{self, DeserializeSeed, Visitor};
use std::borrow::Cow;

/// The elements of a list, a map, a struct or a tuple, separated by commas, with an optional
/// comma after the last, up to `end`.
struct Elements<'a, 'de> {
    reader: &'a mut Reader<'de>,
    end: u8,
    had_comma: bool,
}

impl<'a, 'de> Elements<'a, 'de> {
    fn has_element(&mut self) -> Read<bool> {
        let at_end = self.reader.peek()? == Some(self.end);
        match (self.had_comma, at_end) {
            (true, at_end) => Ok(!at_end),
            (false, true) => Ok(false),
            (false, false) => Err(Unread),
        }
    }

    fn after_element(&mut self) -> Read<()> {
        self.had_comma = self.reader.eat(b',')?;
        Ok(())
    }

    /// The key of a map entry or a struct field, then its `:`.
    fn key<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Read<Option<K::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let key = seed.deserialize(&mut *self.reader)?;
        self.reader.expect(b':')?;
        Ok(Some(key))
    }
}

/// Reads `open`, the elements `visit` takes, and the closing `end`.
fn enclosed<'de, T>(
    reader: &mut Reader<'de>,
    open: u8,
    end: u8,
    visit: impl FnOnce(&mut Elements<'_, 'de>) -> Read<T>,
) -> Read<T> {
    reader.expect(open)?;
    reader.nested(|reader| {
        let mut elements = Elements {
            reader,
            end,
            had_comma: true,
        };
        let value = visit(&mut elements)?;
        // A visitor that stopped early (a tuple of fewer elements) leaves the rest to `ron`.
        if elements.has_element()? {
            return Err(Unread);
        }
        elements.reader.expect(end).map(|()| value)
    })
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Unread;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Read<Option<T::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.after_element()?;
        Ok(Some(value))
    }
}

impl<'de> de::MapAccess<'de> for Elements<'_, 'de> {
    type Error = Unread;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Read<Option<K::Value>> {
        self.key(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Read<V::Value> {
        let value = seed.deserialize(&mut *self.reader)?;
        self.after_element()?;
        Ok(value)
    }
}

/// A struct's fields: keys are identifiers, not strings.
struct Fields<'a, 'b, 'de>(&'a mut Elements<'b, 'de>);

impl<'de> de::MapAccess<'de> for Fields<'_, '_, 'de> {
    type Error = Unread;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Read<Option<K::Value>> {
        if !self.0.has_element()? {
            return Ok(None);
        }
        let name = self.0.reader.ident()?;
        let key = seed.deserialize(de::value::BorrowedStrDeserializer::<Unread>::new(name))?;
        self.0.reader.expect(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Read<V::Value> {
        de::MapAccess::next_value_seed(self.0, seed)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Unread;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Read<(V::Value, Self)> {
        let name = self.ident()?;
        let variant = seed.deserialize(de::value::BorrowedStrDeserializer::<Unread>::new(name))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Unread;

    fn unit_variant(self) -> Read<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Read<T::Value> {
        self.expect(b'(')?;
        let value = self.nested(|reader| seed.deserialize(&mut *reader))?;
        self.eat(b',')?;
        self.expect(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Read<V::Value> {
        enclosed(self, b'(', b')', |elements| visitor.visit_seq(elements))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Read<V::Value> {
        enclosed(self, b'(', b')', |elements| {
            visitor.visit_map(Fields(elements))
        })
    }
}

impl<'de> Reader<'de> {
    fn visit_string<V: Visitor<'de>>(&mut self, visitor: V) -> Read<V::Value> {
        match self.string()? {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    /// `None`, `Some(…)`, or the value itself (`ron`'s `implicit_some`).
    fn visit_option<V: Visitor<'de>>(&mut self, visitor: V) -> Read<V::Value> {
        match self.peek_ident()? {
            Some("None") => {
                self.at += "None".len();
                visitor.visit_none()
            }
            Some("Some") => {
                self.at += "Some".len();
                self.expect(b'(')?;
                let value = self.nested(|reader| visitor.visit_some(&mut *reader))?;
                self.eat(b',')?;
                self.expect(b')')?;
                Ok(value)
            }
            _ => self.nested(|reader| visitor.visit_some(&mut *reader)),
        }
    }
}

macro_rules! integers {
    ($($method:ident => $visit:ident),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
            visitor.$visit(self.integer()?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Unread;

    /// Only what a type that reads "any" value needs here: a map, a list, a string, a whole
    /// number, `true`/`false`, `None` and `Some(…)`. A `(` could be a struct, a tuple or a
    /// unit, which only `ron` tells apart.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        match self.peek()?.ok_or(Unread)? {
            b'{' => self.deserialize_map(visitor),
            b'[' => self.deserialize_seq(visitor),
            b'"' => self.visit_string(visitor),
            b'-' => visitor.visit_i64(self.integer()?),
            b'0'..=b'9' => visitor.visit_u64(self.integer()?),
            _ => match self.peek_ident()? {
                Some("true" | "false") => self.deserialize_bool(visitor),
                Some("None" | "Some") => self.visit_option(visitor),
                _ => Err(Unread),
            },
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        match self.ident()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(Unread),
        }
    }

    integers! {
        deserialize_i8 => visit_i8,
        deserialize_i16 => visit_i16,
        deserialize_i32 => visit_i32,
        deserialize_i64 => visit_i64,
        deserialize_u8 => visit_u8,
        deserialize_u16 => visit_u16,
        deserialize_u32 => visit_u32,
        deserialize_u64 => visit_u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_f32(self.float()?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, _visitor: V) -> Read<V::Value> {
        Err(Unread)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.visit_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.visit_string(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Read<V::Value> {
        Err(Unread)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Read<V::Value> {
        Err(Unread)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.visit_option(visitor)
    }

    /// `()`, with nothing between, as `ron` reads a unit.
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.skip_blank()?;
        if self.text[self.at..].starts_with("()") {
            self.at += 2;
            visitor.visit_unit()
        } else {
            Err(Unread)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Read<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Read<V::Value> {
        self.expect(b'(')?;
        let value = self.nested(|reader| visitor.visit_newtype_struct(&mut *reader))?;
        self.eat(b',')?;
        self.expect(b')')?;
        Ok(value)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        enclosed(self, b'[', b']', |elements| visitor.visit_seq(elements))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Read<V::Value> {
        enclosed(self, b'(', b')', |elements| visitor.visit_seq(elements))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Read<V::Value> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        enclosed(self, b'{', b'}', |elements| visitor.visit_map(elements))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Read<V::Value> {
        // A struct's name before its `(` is left for `ron`, which checks it against the type.
        enclosed(self, b'(', b')', |elements| {
            visitor.visit_map(Fields(elements))
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Read<V::Value> {
        self.nested(|reader| visitor.visit_enum(reader))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }

    /// A field the type does not know: `ron` says which.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Read<V::Value> {
        Err(Unread)
    }
}
