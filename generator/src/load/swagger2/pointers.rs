//! Where each node of a converted document comes from in the Swagger 2.0 original.

use std::collections::HashMap;

/// Maps JSON pointers into the converted document back to pointers into the original.
///
/// Holds one entry per node whose place changed (`/components/schemas` <- `/definitions`, a
/// parameter that moved to `requestBody`, a response `schema` that moved under `content`); a
/// node below an entry moves with it, and a node below none stayed where it was.
#[derive(Debug, Default, Clone)]
pub struct PointerMap {
    moved: HashMap<String, String>,
    /// The map of the step before this one, when the document went through several.
    earlier: Option<Box<PointerMap>>,
}

impl PointerMap {
    /// Says that the node at `converted` (and everything below it) comes from `original`.
    pub fn add(&mut self, converted: impl Into<String>, original: impl Into<String>) {
        self.moved.insert(converted.into(), original.into());
    }

    /// Puts this map after `earlier`, the map of the step the document went through before.
    pub fn after(mut self, earlier: PointerMap) -> Self {
        self.earlier = Some(Box::new(earlier));
        self
    }

    /// The pointer into the original document of the node at `converted`: the longest prefix
    /// (whole segments) that moved, with the rest of the pointer appended (and so on back
    /// through the earlier steps).
    pub fn original(&self, converted: &str) -> String {
        let here = self.own_original(converted);
        match &self.earlier {
            Some(earlier) => earlier.original(&here),
            None => here,
        }
    }

    fn own_original(&self, converted: &str) -> String {
        let mut end = converted.len();
        loop {
            let prefix = &converted[..end];
            if let Some(original) = self.moved.get(prefix) {
                return format!("{original}{}", &converted[end..]);
            }
            match prefix.rfind('/') {
                Some(cut) => end = cut,
                None => return converted.to_owned(),
            }
        }
    }

    pub fn len(&self) -> usize {
        self.moved.len()
    }

    pub fn is_empty(&self) -> bool {
        self.moved.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_moved_prefix_wins_and_the_rest_follows() {
        let mut map = PointerMap::default();
        map.add("/components/schemas", "/definitions");
        map.add("/paths/~1a/get/requestBody", "/paths/~1a/get/parameters/1");
        map.add(
            "/paths/~1a/get/requestBody/content/application~1json/schema",
            "/paths/~1a/get/parameters/1/schema",
        );
        assert_eq!(
            map.original("/components/schemas/Room/properties/id"),
            "/definitions/Room/properties/id"
        );
        assert_eq!(
            map.original("/paths/~1a/get/requestBody/content/application~1json/schema/type"),
            "/paths/~1a/get/parameters/1/schema/type"
        );
        assert_eq!(
            map.original("/paths/~1a/get/requestBody/description"),
            "/paths/~1a/get/parameters/1/description"
        );
        // Whole segments only: `/components/schemasX` did not move.
        assert_eq!(map.original("/components/schemasX"), "/components/schemasX");
        assert_eq!(
            map.original("/paths/~1a/get/summary"),
            "/paths/~1a/get/summary"
        );
        assert_eq!(map.original(""), "");
    }
}
