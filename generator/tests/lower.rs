//! Lowering rules on small specs: naming, types, inline models, cycles and collisions.

use generator::ir::{Api, Model, ModelKind, StyleKind, TypeRef};
use generator::load::Source;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

fn lower(components: &str) -> Api {
    let text = format!("{HEAD}components:\n  schemas:\n{components}");
    match generator::to_ir(&Source::new("t.yaml", text)) {
        Ok((api, _)) => api,
        Err(d) => panic!("{d}"),
    }
}

fn model<'a>(api: &'a Api, name: &str) -> &'a Model {
    api.models
        .iter()
        .find(|m| m.rust_name == name)
        .unwrap_or_else(|| panic!("no model {name}"))
}

fn fields(m: &Model) -> Vec<(&str, &str, &TypeRef, bool)> {
    let ModelKind::Struct { fields } = &m.kind else {
        panic!("{} is not a struct", m.rust_name)
    };
    fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.rust_name.as_str(), &f.ty, f.boxed))
        .collect()
}

#[test]
fn keywords_and_odd_names_become_identifiers_and_keep_the_wire_name() {
    let api = lower(
        "    Odd:\n      type: object\n      properties:\n        type: {type: string}\n        self: {type: string}\n        1on1Message: {type: string}\n        x-trace-id: {type: string}\n",
    );
    let f = fields(model(&api, "Odd"));
    let names: Vec<_> = f.iter().map(|(w, r, ..)| (*w, *r)).collect();
    assert_eq!(
        names,
        [
            ("type", "type_"),
            ("self", "self_"),
            ("1on1Message", "v1on1_message"),
            ("x-trace-id", "x_trace_id")
        ]
    );
}

#[test]
fn inline_objects_and_enums_are_named_after_where_they_sit() {
    let api = lower(
        "    Room:\n      type: object\n      properties:\n        roomType: {type: string, enum: [adhoc, oneOnOne]}\n        limits:\n          type: object\n          properties:\n            max: {type: integer, format: int64}\n        tags: {type: array, items: {type: string, enum: [a-b, c]}}\n",
    );
    let names: Vec<_> = api.models.iter().map(|m| m.rust_name.as_str()).collect();
    assert_eq!(names, ["Room", "RoomLimits", "RoomTagsItem", "RoomType"]);
    let ModelKind::Enum { values } = &model(&api, "RoomTagsItem").kind else {
        panic!()
    };
    assert_eq!(
        values
            .iter()
            .map(|v| v.rust_name.as_str())
            .collect::<Vec<_>>(),
        ["AB", "C"]
    );
    assert_eq!(fields(model(&api, "RoomLimits"))[0].2, &TypeRef::Int64);
}

#[test]
fn formats_and_maps_map_to_types() {
    let api = lower(
        "    T:\n      type: object\n      properties:\n        a: {type: string, format: date-time}\n        b: {type: string, format: date}\n        c: {type: string, format: uri}\n        d: {type: number, format: float}\n        e: {type: number}\n        f: {type: object, additionalProperties: {type: integer}}\n        g: {type: object}\n        h: {type: string, format: uuid}\n",
    );
    let tys: Vec<TypeRef> = fields(model(&api, "T"))
        .into_iter()
        .map(|f| f.2.clone())
        .collect();
    assert_eq!(
        tys,
        [
            TypeRef::DateTime,
            TypeRef::Date,
            TypeRef::Uri,
            TypeRef::Float,
            TypeRef::Double,
            TypeRef::Map(Box::new(TypeRef::Int32)),
            TypeRef::Json,
            TypeRef::Uuid,
        ]
    );
}

#[test]
fn by_value_cycles_are_boxed_and_collections_are_not() {
    let api = lower(
        "    Node:\n      type: object\n      properties:\n        parent: {$ref: '#/components/schemas/Node'}\n        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n        other: {$ref: '#/components/schemas/Leaf'}\n    Leaf:\n      type: object\n      properties:\n        x: {type: string}\n",
    );
    let boxed: Vec<(&str, bool)> = fields(model(&api, "Node"))
        .iter()
        .map(|f| (f.0, f.3))
        .collect();
    assert_eq!(
        boxed,
        [("parent", true), ("children", false), ("other", false)]
    );
}

#[test]
fn all_of_merges_properties_and_required() {
    let api = lower(
        "    Base:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n    Derived:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          required: [name]\n          properties:\n            name: {type: string}\n",
    );
    let ModelKind::Struct { fields } = &model(&api, "Derived").kind else {
        panic!()
    };
    let got: Vec<_> = fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.required))
        .collect();
    assert_eq!(got, [("id", true), ("name", true)]);
}

#[test]
fn names_that_collide_in_rust_are_renamed_not_overwritten() {
    let text = format!(
        "{HEAD}components:\n  schemas:\n{}",
        "    fooBar:\n      type: object\n      properties:\n        a: {type: string}\n    FooBar:\n      type: object\n      properties:\n        b: {type: string}\n    E:\n      type: string\n      enum: [on-hold, on_hold]\n"
    );
    let (api, warnings) = generator::to_ir(&Source::new("t.yaml", text)).unwrap();
    // Both types are kept, each with its own fields; the second is numbered.
    assert_eq!(fields(model(&api, "FooBar"))[0].0, "a");
    assert_eq!(fields(model(&api, "FooBar2"))[0].0, "b");
    let ModelKind::Enum { values } = &model(&api, "E").kind else {
        panic!("E is not an enum");
    };
    let names: Vec<(&str, &str)> = values
        .iter()
        .map(|v| (v.wire_name.as_str(), v.rust_name.as_str()))
        .collect();
    assert_eq!(names, [("on-hold", "OnHold"), ("on_hold", "OnHold2")]);
    assert_eq!(warnings.warnings(), 2, "{warnings}");
}

#[test]
fn models_named_like_the_prelude_take_a_suffix_with_a_warning() {
    let text = format!(
        "{HEAD}components:\n  schemas:\n{}",
        "    Result:\n      type: object\n      properties:\n        value:\n          type: object\n          properties: {a: {type: string}}\n    string:\n      type: object\n      properties:\n        a: {type: string}\n    ResultModel:\n      type: object\n      properties:\n        b: {type: string}\n"
    );
    let (api, warnings) = generator::to_ir(&Source::new("t.yaml", text)).unwrap();
    // The prelude's names stay free; where the suffixed name is also a schema's, the first of
    // the two in the spec keeps it and the other is numbered, as in any collision.
    assert_eq!(fields(model(&api, "StringModel"))[0].0, "a");
    assert_eq!(fields(model(&api, "ResultModel"))[0].0, "value");
    assert_eq!(fields(model(&api, "ResultModel2"))[0].0, "b");
    assert!(
        api.models
            .iter()
            .all(|m| !["Result", "String"].contains(&m.rust_name.as_str()))
    );
    let text = warnings.to_string();
    assert!(
        text.contains("schema `Result` would be the Rust type `Result`"),
        "{text}"
    );
    assert!(
        text.contains("schema `string` would be the Rust type `String`"),
        "{text}"
    );
}

#[test]
fn one_of_with_a_discriminator_has_a_variant_per_tag() {
    let api = lower(concat!(
        "    Pet:\n",
        "      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Bird'}]\n",
        "      discriminator:\n",
        "        propertyName: petType\n",
        "        mapping: {cat: '#/components/schemas/Cat', dog: Dog, puppy: Dog}\n",
        "    Cat: {type: object, properties: {pet: {$ref: '#/components/schemas/Pet'}}}\n",
        "    Dog: {type: object, properties: {barks: {type: boolean}}}\n",
        "    Bird: {type: object, properties: {sings: {type: boolean}}}\n",
    ));
    let ModelKind::OneOf { property, variants } = &model(&api, "Pet").kind else {
        panic!("Pet is not a oneOf");
    };
    assert_eq!(property, "petType");
    let got: Vec<(&str, &str, &TypeRef)> = variants
        .iter()
        .map(|v| (v.tag.as_str(), v.rust_name.as_str(), &v.ty))
        .collect();
    let m = |n: &str| TypeRef::Model(n.to_owned());
    assert_eq!(
        got,
        [
            ("cat", "Cat", &m("Cat")),
            // One model under two tags: the variants are named after the tags.
            ("dog", "Dog", &m("Dog")),
            ("puppy", "Puppy", &m("Dog")),
            // Not in the mapping: its schema name is its tag.
            ("Bird", "Bird", &m("Bird")),
        ]
    );
    // The recursion Cat -> Pet -> Cat goes through the variant's box: no field is boxed.
    assert!(fields(model(&api, "Cat")).iter().all(|f| !f.3));
}

#[test]
fn parameters_named_like_the_builders_own_members_are_renamed_with_a_warning() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: getThings\n      parameters:\n        - {name: options, in: query, schema: {type: string}}\n        - {name: client, in: query, schema: {type: string}}\n        - {name: stream, in: header, schema: {type: boolean}}\n      responses:\n        '204': {description: done}\n";
    let (api, warnings) = generator::to_ir(&Source::new("t.yaml", text)).unwrap();
    let names: Vec<(&str, &str)> = api.operations[0]
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.rust_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("options", "options_param"),
            ("client", "client_param"),
            ("stream", "stream_param")
        ]
    );
    assert_eq!(warnings.warnings(), 3);
    assert!(
        warnings
            .to_string()
            .contains("a name the request builder uses itself")
    );
}

#[test]
fn query_styles_are_kept_where_they_differ_from_the_default() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: getThings\n      parameters:\n        - {name: ids, in: query, schema: {type: array, items: {type: string}}}\n        - {name: tags, in: query, explode: false, schema: {type: array, items: {type: string}}}\n        - {name: words, in: query, style: spaceDelimited, schema: {type: array, items: {type: string}}}\n        - {name: filter, in: query, style: deepObject, schema: {type: object, properties: {a: {type: string}}}}\n      responses:\n        '204': {description: done}\n";
    let (api, warnings) = generator::to_ir(&Source::new("t.yaml", text)).unwrap();
    assert!(warnings.is_empty(), "{warnings}");
    let styles: Vec<Option<(StyleKind, bool)>> = api.operations[0]
        .params
        .iter()
        .map(|p| p.style.map(|s| (s.kind, s.explode)))
        .collect();
    assert_eq!(
        styles,
        [
            None,
            Some((StyleKind::Form, false)),
            Some((StyleKind::SpaceDelimited, false)),
            Some((StyleKind::DeepObject, true)),
        ]
    );
}

/// `x-genesys-notifications` over one `Badge` schema: the API, or the diagnostics' text.
fn lower_topics(topics: &str) -> Result<(Api, String), String> {
    let text = format!(
        "{HEAD}components:\n  schemas:\n    Badge:\n      type: object\n      properties:\n        unreadCount: {{type: integer}}\nx-genesys-notifications:\n{topics}"
    );
    generator::to_ir(&Source::new("t.yaml", text))
        .map(|(api, warnings)| (api, warnings.to_string()))
        .map_err(|d| d.to_string())
}

#[test]
fn topics_are_named_from_their_words_and_ids() {
    let (api, _) = lower_topics(
        "  topics:\n  - {topic: 'v2.users.{id}.badges.chats', schema: {$ref: '#/components/schemas/Badge'}, permissions: [chat:badge:view]}\n  - {topic: v2.system.socket_closing, schema: {$ref: '#/components/schemas/Badge'}}\n",
    )
    .unwrap();
    let names: Vec<_> = api
        .topics
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.rust_name.as_str(),
                t.variant.as_str(),
                t.system,
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            (
                "v2.system.socket_closing",
                "system_socket_closing",
                "SystemSocketClosing",
                true
            ),
            (
                "v2.users.{id}.badges.chats",
                "users_badges_chats",
                "UsersBadgesChats",
                false
            ),
        ]
    );
    assert_eq!(api.topics[1].payload, TypeRef::Model("Badge".to_owned()));
    assert_eq!(api.topics[1].permissions, ["chat:badge:view"]);
}

#[test]
fn topic_problems_are_located() {
    let err = lower_topics("  topics: nope\n").unwrap_err();
    assert!(
        err.contains("/x-genesys-notifications") && err.contains("`topics` list"),
        "{err}"
    );
    let err = lower_topics(
        "  topics:\n  - {topic: 'v2..x', schema: {$ref: '#/components/schemas/Badge'}}\n",
    )
    .unwrap_err();
    assert!(
        err.contains("/x-genesys-notifications/topics/0/topic") && err.contains("empty segment"),
        "{err}"
    );
    let err = lower_topics(
        "  topics:\n  - {topic: v2.a, schema: {$ref: '#/components/schemas/Badge'}}\n  - {topic: v2.a, schema: {$ref: '#/components/schemas/Badge'}}\n",
    )
    .unwrap_err();
    assert!(err.contains("listed twice"), "{err}");
    let err =
        lower_topics("  topics:\n  - {topic: v2.a, schema: {$ref: '#/components/schemas/Nope'}}\n")
            .unwrap_err();
    assert!(
        err.contains("/x-genesys-notifications/topics/0/schema"),
        "{err}"
    );
    // Without a `$ref`, the topic stays, its events read as JSON, with a warning.
    let (api, warnings) =
        lower_topics("  topics:\n  - {topic: v2.a, schema: {type: object}}\n").unwrap();
    assert_eq!(api.topics[0].payload, TypeRef::Json);
    assert!(warnings.contains("read as JSON"), "{warnings}");
    // Two topics spelled alike in Rust are numbered, with a warning.
    let (api, warnings) = lower_topics(
        "  topics:\n  - {topic: v2.a-b, schema: {$ref: '#/components/schemas/Badge'}}\n  - {topic: v2.a_b, schema: {$ref: '#/components/schemas/Badge'}}\n",
    )
    .unwrap();
    let names: Vec<_> = api.topics.iter().map(|t| t.rust_name.as_str()).collect();
    assert_eq!(names, ["a_b", "a_b_2"]);
    assert!(warnings.contains("like another one"), "{warnings}");
}
