//! Change classification on small before/after specs.

use generator::diff::{Level, Report, diff};
use generator::load::Source;

fn ir(text: &str) -> generator::ir::Api {
    generator::to_ir(&Source::new("t.yaml", text))
        .map(|(api, _)| api)
        .unwrap_or_else(|d| panic!("{d}"))
}

fn spec(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n{schemas}"
    )
}

const ROOM: &str = "    Room:\n      type: object\n      properties:\n        id: {type: string}\n        kind: {type: string, enum: [a, b]}\n";

fn op(path: &str, method: &str, id: &str, extra: &str) -> String {
    format!(
        "  {path}:\n    {method}:\n      tags: [Chat]\n      operationId: {id}\n{extra}      responses:\n        '204': {{description: ok}}\n"
    )
}

fn changes(report: &Report) -> Vec<(Level, String, String)> {
    report
        .changes
        .iter()
        .map(|c| (c.level, c.subject.clone(), c.message.clone()))
        .collect()
}

const ROOM_PARAM: &str = "      parameters:\n        - {name: roomJid, in: path, required: true, schema: {type: string}}\n";

#[test]
fn optional_parameters_are_minor_and_required_ones_major() {
    let before = ir(&spec(
        &op("/r/{roomJid}", "get", "getRoom", ROOM_PARAM),
        ROOM,
    ));
    let params = format!(
        "{ROOM_PARAM}        - {{name: limit, in: query, schema: {{type: integer}}}}\n        - {{name: mode, in: query, required: true, schema: {{type: string}}}}\n"
    );
    let after = ir(&spec(&op("/r/{roomJid}", "get", "getRoom", &params), ROOM));
    assert_eq!(
        changes(&diff(&before, &after)),
        [
            (
                Level::Major,
                "getRoom".to_owned(),
                "Required parameter `mode` (query, string) added".to_owned()
            ),
            (
                Level::Minor,
                "getRoom".to_owned(),
                "Optional parameter `limit` (query, int32) added".to_owned()
            ),
        ]
    );
}

/// A removed operation and an added one of the same shape and permissions are not a move: that
/// is no evidence (following such a note, a user would call a room's delete for a pin's). A move
/// needs the same Rust method, kept by the spec's method name; the added operation is listed
/// as added either way.
#[test]
fn a_move_needs_evidence_not_a_similar_shape() {
    let perms = "      x-inin-requires-permissions: {type: ANY, permissions: [chat:room:edit]}\n";
    let before = ir(&spec(
        &op(
            "/r/{roomJid}/pinned",
            "post",
            "postPinned",
            &format!("{ROOM_PARAM}{perms}"),
        ),
        ROOM,
    ));
    let after = |extra: &str| {
        ir(&spec(
            &op(
                "/r/{roomJid}/messages/pins",
                "post",
                "postPins",
                &format!("{ROOM_PARAM}{perms}{extra}"),
            ),
            ROOM,
        ))
    };
    assert_eq!(
        changes(&diff(&before, &after(""))),
        [
            (
                Level::Major,
                "postPinned".to_owned(),
                "Operation removed: `POST /r/{roomJid}/pinned`".to_owned()
            ),
            (
                Level::Minor,
                "postPins".to_owned(),
                "Operation added: `POST /r/{roomJid}/messages/pins`".to_owned()
            ),
        ]
    );
    let renamed = diff(
        &before,
        &after("      x-purecloud-method-name: postPinned\n"),
    );
    assert_eq!(
        changes(&renamed),
        [
            (
                Level::Major,
                "postPinned".to_owned(),
                "Moved: operation id `postPinned` -> `postPins`, `POST /r/{roomJid}/pinned` -> `POST /r/{roomJid}/messages/pins`, now `ChatApi::post_pinned`".to_owned()
            ),
            (
                Level::Minor,
                "postPins".to_owned(),
                "Operation added: `POST /r/{roomJid}/messages/pins`".to_owned()
            ),
        ]
    );
    assert_eq!(
        renamed.changes[0].rust.as_deref(),
        Some("ChatApi::post_pinned")
    );
}

#[test]
fn permissions_compare_by_what_a_caller_needs() {
    let with = |p: &str| {
        ir(&spec(
            &op(
                "/s",
                "get",
                "getS",
                &format!("      x-inin-requires-permissions: {p}\n"),
            ),
            ROOM,
        ))
    };
    let any_ab = with("{type: ANY, permissions: [a, b]}");
    let any_a = with("{type: ANY, permissions: [a]}");
    let all_ab = with("{type: ALL, permissions: [a, b]}");
    let none = ir(&spec(&op("/s", "get", "getS", ""), ROOM));
    let level = |a, b| diff(a, b).level();
    assert_eq!(
        level(&any_ab, &any_a),
        Some(Level::Major),
        "an ANY option removed"
    );
    assert_eq!(
        level(&any_a, &any_ab),
        Some(Level::Minor),
        "an ANY option added"
    );
    assert_eq!(level(&any_ab, &all_ab), Some(Level::Major));
    assert_eq!(level(&all_ab, &any_ab), Some(Level::Minor));
    assert_eq!(
        level(&none, &any_a),
        Some(Level::Major),
        "a first requirement"
    );
    assert_eq!(level(&any_a, &none), Some(Level::Minor));
}

#[test]
fn preview_deprecation_and_text() {
    let before = ir(&spec(
        &op(
            "/s",
            "get",
            "getS",
            "      summary: Old\n      x-genesys-preview: true\n",
        ),
        ROOM,
    ));
    let after = ir(&spec(
        &op(
            "/s",
            "get",
            "getS",
            "      summary: New\n      deprecated: true\n",
        ),
        ROOM,
    ));
    assert_eq!(
        changes(&diff(&before, &after)),
        [
            (
                Level::Minor,
                "getS".to_owned(),
                "Left preview: now generally available".to_owned()
            ),
            (Level::Minor, "getS".to_owned(), "Deprecated".to_owned()),
            (
                Level::Point,
                "getS".to_owned(),
                "Summary changed".to_owned()
            ),
        ]
    );
    assert_eq!(
        diff(&after, &before).level(),
        Some(Level::Major),
        "back into preview"
    );
}

#[test]
fn model_changes() {
    let paths = op("/s", "get", "getS", "");
    let before = ir(&spec(
        &paths,
        &format!(
            "{ROOM}    Gone:\n      type: object\n      properties:\n        x: {{type: string}}\n"
        ),
    ));
    let room = "    Room:\n      type: object\n      required: [name]\n      properties:\n        id: {type: integer}\n        kind: {type: string, enum: [a, c]}\n        name: {type: string}\n";
    let after = ir(&spec(&paths, room));
    assert_eq!(
        changes(&diff(&before, &after)),
        [
            (Level::Major, "Gone".to_owned(), "Model removed".to_owned()),
            (
                Level::Major,
                "Room".to_owned(),
                "Type of property `id` changed: string -> int32".to_owned()
            ),
            (
                Level::Major,
                "Room".to_owned(),
                "Required property `name` (string) added: `Room::new` takes it".to_owned()
            ),
            (
                Level::Major,
                "RoomKind".to_owned(),
                "Enum value `b` removed".to_owned()
            ),
            (
                Level::Minor,
                "RoomKind".to_owned(),
                "Enum value `c` added (it used to arrive as `RoomKind::Unknown(\"c\")`)".to_owned()
            ),
        ]
    );
}

#[test]
fn no_change_is_no_change() {
    let a = ir(&spec(&op("/s", "get", "getS", ""), ROOM));
    let report = diff(&a, &a);
    assert_eq!(report.level(), None);
    assert_eq!(
        report.markdown(1),
        "# Major Changes (0 changes)\n\n# Minor Changes (0 changes)\n\n# Point Changes (0 changes)\n"
    );
}

/// The first real upstream update: the seed-era Chat API (24 operations) to today's (34).
#[test]
fn first_upstream_update_release_notes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seed =
        ir(&std::fs::read_to_string(root.join("generator/tests/fixtures/chat-seed.yaml")).unwrap());
    let current = ir(&std::fs::read_to_string(root.join("spec/chat.yaml")).unwrap());
    let report = diff(&seed, &current);
    let count = |text: &str| {
        report
            .changes
            .iter()
            .filter(|c| c.message.starts_with(text))
            .count()
    };
    assert_eq!(count("Moved"), 0);
    assert_eq!(count("Operation added"), 12);
    assert_eq!(count("Optional parameter `excludeMetadata`"), 3);
    assert_eq!(count("Left preview"), 19);
    assert_eq!(report.level(), Some(Level::Major));
    insta::assert_snapshot!("first_upstream_update", report.markdown(1));
}

#[test]
fn an_operation_under_several_apis_gains_and_loses_them() {
    let tagged = |tags: &str| {
        spec(
            &op("/r", "get", "getRoom", "").replace("tags: [Chat]", &format!("tags: [{tags}]")),
            ROOM,
        )
    };
    let before = ir(&tagged("Chat, Rooms"));
    let after = ir(&tagged("Chat, Search"));
    assert_eq!(
        changes(&diff(&before, &after)),
        [
            (
                Level::Major,
                "getRoom".to_owned(),
                "No longer on API `Rooms`".to_owned()
            ),
            (
                Level::Minor,
                "getRoom".to_owned(),
                "Also on API `Search`".to_owned()
            ),
        ]
    );
}

/// A spec with `ROOM`, `Badge` and the notification topics `topics` (`(name, schema)`).
fn with_topics(topics: &[(&str, &str)]) -> String {
    let mut text = spec(
        &op("/r", "get", "getRooms", ""),
        &format!(
            "{ROOM}    Badge:\n      type: object\n      properties:\n        unreadCount: {{type: integer}}\n"
        ),
    );
    text.push_str("x-genesys-notifications:\n  topics:\n");
    for (name, schema) in topics {
        text.push_str(&format!(
            "  - topic: '{name}'\n    schema: {{$ref: '#/components/schemas/{schema}'}}\n"
        ));
    }
    text
}

#[test]
fn topics_added_are_minor_removed_or_retyped_major() {
    let before = ir(&with_topics(&[
        ("v2.users.{id}.badges.chats", "Badge"),
        ("v2.rooms.{id}", "Room"),
    ]));
    let after = ir(&with_topics(&[
        ("v2.users.{id}.badges.chats", "Room"),
        ("v2.system.socket_closing", "Badge"),
    ]));
    assert_eq!(
        changes(&diff(&before, &after)),
        [
            (
                Level::Major,
                "v2.rooms.{id}".to_owned(),
                "Topic `v2.rooms.{id}` removed (`Event::Rooms` with it)".to_owned()
            ),
            (
                Level::Major,
                "v2.users.{id}.badges.chats".to_owned(),
                "Topic `v2.users.{id}.badges.chats`: its events are `Room`, not `Badge`".to_owned()
            ),
            (
                Level::Minor,
                "v2.system.socket_closing".to_owned(),
                "Topic `v2.system.socket_closing` added: `Event::SystemSocketClosing`, events of `Badge`"
                    .to_owned()
            ),
        ]
    );
}
