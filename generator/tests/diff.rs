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

/// The cases a release engineer met, each classified by what it does to Rust code: the level and
/// the words of the note.
#[test]
fn changes_are_classified_by_their_rust_effect() {
    let get = |params: &str, extra: &str| {
        op(
            "/r/{roomJid}",
            "get",
            "getRoom",
            &format!("{ROOM_PARAM}{params}{extra}"),
        )
    };
    let level_and = |before: &str, after: &str| {
        let report = diff(&ir(before), &ir(after));
        (
            report.level(),
            report
                .changes
                .iter()
                .map(|c| c.message.clone())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    };
    let limit = |required: bool| {
        format!(
            "        - {{name: limit, in: query, required: {required}, schema: {{type: integer}}}}\n"
        )
    };
    // A required parameter made optional: an argument becomes a setter, every call breaks.
    let (level, text) = level_and(
        &spec(&get(&limit(true), ""), ROOM),
        &spec(&get(&limit(false), ""), ROOM),
    );
    assert_eq!(level, Some(Level::Major));
    assert!(
        text.contains("no longer an argument of the method, set with the builder's `.limit(..)`"),
        "{text}"
    );
    // A required body made optional: the same.
    let post = |required: bool| {
        op(
            "/r",
            "post",
            "postRoom",
            &format!(
                "      requestBody: {{required: {required}, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Room'}}}}}}}}\n"
            ),
        )
    };
    let (level, text) = level_and(&spec(&post(true), ROOM), &spec(&post(false), ROOM));
    assert_eq!(level, Some(Level::Major), "{text}");
    assert!(text.contains("Request body is now optional"), "{text}");
    // No longer deprecated: the attribute goes, nothing breaks, but the code changes.
    let (level, text) = level_and(
        &spec(&get("", "      deprecated: true\n"), ROOM),
        &spec(&get("", ""), ROOM),
    );
    assert_eq!(level, Some(Level::Minor));
    assert!(text.contains("No longer deprecated"), "{text}");
    // An optional property made read-only: the type stays `Option<T>`; the docs change.
    let room = |id: &str| {
        format!(
            "    Room:\n      type: object\n      required: [kind]\n      properties:\n        id: {id}\n        kind: {{type: string, enum: [a, b]}}\n"
        )
    };
    let (level, text) = level_and(
        &spec(&get("", ""), &room("{type: string}")),
        &spec(&get("", ""), &room("{type: string, readOnly: true}")),
    );
    assert_eq!(level, Some(Level::Point), "{text}");
    assert_eq!(
        text,
        "Property `id` is now read-only: set by the server, ignored in requests"
    );
    // A required property made read-only: its field becomes an `Option`.
    let required_id = |id: &str| {
        format!(
            "    Room:\n      type: object\n      required: [id]\n      properties:\n        id: {id}\n"
        )
    };
    let (level, text) = level_and(
        &spec(&get("", ""), &required_id("{type: string}")),
        &spec(&get("", ""), &required_id("{type: string, readOnly: true}")),
    );
    assert_eq!(level, Some(Level::Major));
    assert!(
        text.starts_with("Property `id` is now read-only (set by the server): field `id` changes type `String` -> `Option<String>`"),
        "{text}"
    );
    // Nullable, said as what it does to the field.
    let (level, text) = level_and(
        &spec(&get("", ""), &room("{type: string}")),
        &spec(&get("", ""), &room("{type: string, nullable: true}")),
    );
    assert_eq!(level, Some(Level::Major));
    assert!(
        text.contains("Property `id` is now nullable: field `id` changes type `Option<String>` -> `Option<Option<String>>`"),
        "{text}"
    );
    // A model gaining a required enum field loses `Default`.
    let plain = "    Room:\n      type: object\n      properties:\n        id: {type: string}\n";
    let (level, text) = level_and(
        &spec(&get("", ""), plain),
        &spec(&get("", ""), &room("{type: string}")),
    );
    assert_eq!(level, Some(Level::Major));
    assert!(text.contains("No longer implements `Default`"), "{text}");
}

/// A history whose items can no longer be found loses `.stream()`: said, and major.
#[test]
fn a_lost_stream_is_major_and_said() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("spec/chat.yaml")).unwrap();
    let renamed = text.replacen(
        "    ChatMessageEntityListing:\n      type: object\n      properties:\n        entities:",
        "    ChatMessageEntityListing:\n      type: object\n      properties:\n        items:",
        1,
    );
    assert_ne!(text, renamed);
    let report = diff(&ir(&text), &ir(&renamed));
    assert_eq!(report.level(), Some(Level::Major));
    let lost: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.message.starts_with("`.stream()` is gone"))
        .map(|c| c.rust.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        lost,
        [
            "ChatApi::get_chats_room_messages",
            "ChatApi::get_chats_thread_messages"
        ]
    );
}
