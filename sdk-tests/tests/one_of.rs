//! The runtime's `one_of!`, which every discriminated `oneOf` of a spec becomes: known kinds
//! select their model, unknown kinds are kept and sent back unchanged, and the discriminator is
//! written even by a model that does not declare it.

use serde::{Deserialize, Serialize};
use serde_json::json;

/// Declares the discriminator, as most specs do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Circle {
    pub kind: String,
    pub radius: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inner: Option<Shape>,
}

/// Does not declare it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Square {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<f64>,
}

genesys_cloud_chat_runtime::one_of! {
    /// A shape.
    Shape by "kind" {
        /// `circle`
        Circle(Circle) = "circle",
        /// `square`
        Square(Square) = "square",
        /// `box`: the same model under another name.
        Box(Square) = "box",
    }
}

#[test]
fn a_known_kind_selects_its_model_and_keeps_the_discriminator() {
    let shape: Shape = serde_json::from_value(json!({"kind": "circle", "radius": 2.0})).unwrap();
    let Shape::Circle(circle) = &shape else {
        panic!("{shape:?}");
    };
    assert_eq!(circle.kind, "circle");
    assert_eq!(circle.radius, 2.0);
    assert_eq!(shape.kind(), Some("circle"));
    assert_eq!(Shape::DISCRIMINATOR, "kind");
    assert_eq!(
        serde_json::to_value(&shape).unwrap(),
        json!({"kind": "circle", "radius": 2.0})
    );
}

#[test]
fn the_discriminator_is_written_for_a_model_that_does_not_declare_it() {
    let shape = Shape::Box(Box::new(Square { side: Some(1.5) }));
    assert_eq!(
        serde_json::to_value(&shape).unwrap(),
        json!({"kind": "box", "side": 1.5})
    );
    let back: Shape = serde_json::from_value(json!({"kind": "box", "side": 1.5})).unwrap();
    assert_eq!(back, shape);
}

#[test]
fn an_unknown_or_missing_kind_is_kept_and_sent_back_unchanged() {
    for value in [
        json!({"kind": "triangle", "sides": [3, 4, 5]}),
        json!({"radius": 1}),
        json!("not even an object"),
    ] {
        let shape: Shape = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(shape, Shape::Unknown(value.clone()));
        assert_eq!(serde_json::to_value(&shape).unwrap(), value);
    }
    let triangle: Shape = serde_json::from_value(json!({"kind": "triangle"})).unwrap();
    assert_eq!(triangle.kind(), Some("triangle"));
}

#[test]
fn a_known_kind_with_a_bad_body_is_an_error_that_names_the_problem() {
    let err = serde_json::from_value::<Shape>(json!({"kind": "circle", "radius": "big"}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid type"), "{err}");
}

#[test]
fn shapes_nest_through_the_box() {
    let value = json!({"kind": "circle", "radius": 3.0, "inner": {"kind": "square", "side": 1.0}});
    let shape: Shape = serde_json::from_value(value.clone()).unwrap();
    let Shape::Circle(outer) = &shape else {
        panic!("{shape:?}");
    };
    assert!(matches!(outer.inner, Some(Shape::Square(_))));
    assert_eq!(serde_json::to_value(&shape).unwrap(), value);
}
