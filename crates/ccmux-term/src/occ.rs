//! Read a row's occupancy bound without touching its cells.
//!
//! alacritty's `Row` tracks `occ`: cells at and after that index have not been written since the
//! row was last reset, so they are all equal. The field is private, but the row implements
//! `Serialize` (alacritty's default `serde` feature), so a serializer that only looks at the
//! `occ` field gets it cheaply and safely. This matters because the blank tail of a scrolled-off
//! row is cold in the CPU cache: scanning it costs more than everything else in the drain.

use std::fmt;

use alacritty_terminal::grid::Row;
use alacritty_terminal::term::cell::Cell;
use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

/// `Some(occ)`, or `None` if the row does not serialize as expected (then scan every cell).
#[inline]
pub(crate) fn row_occ(row: &Row<Cell>) -> Option<usize> {
    row.serialize(Probe).ok().flatten()
}

#[derive(Debug)]
pub(crate) struct Unexpected;

impl fmt::Display for Unexpected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unexpected row layout")
    }
}

impl std::error::Error for Unexpected {}

impl ser::Error for Unexpected {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unexpected
    }
}

/// Serializer accepting the `Row` struct and the `occ` integer, refusing everything else.
struct Probe;

/// Collects the `occ` field, skipping the others without serializing them.
struct Fields(Option<usize>);

impl SerializeStruct for Fields {
    type Ok = Option<usize>;
    type Error = Unexpected;

    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unexpected> {
        if key == "occ" {
            self.0 = value.serialize(Probe)?;
        }
        Ok(())
    }

    #[inline]
    fn end(self) -> Result<Option<usize>, Unexpected> {
        Ok(self.0)
    }
}

macro_rules! refuse {
    ($($name:ident($($ty:ty),*);)*) => {
        $(
            fn $name(self $(, _: $ty)*) -> Result<Option<usize>, Unexpected> {
                Err(Unexpected)
            }
        )*
    };
}

type No = Impossible<Option<usize>, Unexpected>;

impl Serializer for Probe {
    type Ok = Option<usize>;
    type Error = Unexpected;
    type SerializeSeq = No;
    type SerializeTuple = No;
    type SerializeTupleStruct = No;
    type SerializeTupleVariant = No;
    type SerializeMap = No;
    type SerializeStruct = Fields;
    type SerializeStructVariant = No;

    #[inline]
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields, Unexpected> {
        Ok(Fields(None))
    }

    #[inline]
    fn serialize_u64(self, v: u64) -> Result<Option<usize>, Unexpected> {
        Ok(usize::try_from(v).ok())
    }

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Option<usize>, Unexpected> {
        Err(Unexpected)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Option<usize>, Unexpected> {
        Err(Unexpected)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Option<usize>, Unexpected> {
        Err(Unexpected)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<No, Unexpected> {
        Err(Unexpected)
    }

    fn serialize_tuple(self, _: usize) -> Result<No, Unexpected> {
        Err(Unexpected)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<No, Unexpected> {
        Err(Unexpected)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<No, Unexpected> {
        Err(Unexpected)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<No, Unexpected> {
        Err(Unexpected)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<No, Unexpected> {
        Err(Unexpected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alacritty_terminal::index::Column;

    #[test]
    fn reads_occ() {
        let mut row: Row<Cell> = Row::new(10);
        assert_eq!(row_occ(&row), Some(0));
        row[Column(3)].c = 'x';
        assert_eq!(row_occ(&row), Some(4));
        let row = Row::from_vec(vec![Cell::default(); 5], 2);
        assert_eq!(row_occ(&row), Some(2));
    }
}
