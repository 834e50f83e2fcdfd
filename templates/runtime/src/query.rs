//! What a query parameter may hold: [`QueryValue`] turns a value into its query pairs. The
//! string enums of the models implement it (`string_enum!`), so it lives beside the models'
//! runtime (`de`, `ser`) rather than in the request that puts the pairs together.

/// A value that can go in a query string.
#[doc(hidden)]
pub trait QueryValue {
    /// Appends the pairs of this value under `name` to `out`: one per value, a list repeats the
    /// name.
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>);
}

macro_rules! query_value_by_display {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((name, self.to_string()));
            }
        }
    )*};
}

query_value_by_display!(String, i32, i64, f32, f64, bool, chrono::NaiveDate);

impl QueryValue for chrono::DateTime<chrono::Utc> {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((
            name,
            self.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ));
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        (**self).append(name, out);
    }
}

impl QueryValue for serde_json::Value {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, self.to_string()));
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        for item in self {
            item.append(name, out);
        }
    }
}
