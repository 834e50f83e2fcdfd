//! How fast the models read JSON, against serde's derive: the models' `Deserialize` is written
//! out by the generator (see the SDK's `de` module) to cut compile time, and this checks that
//! reading did not get slower for it. A page of 2,000 chat messages (about 560 KB) is read 31
//! times by the SDK's `ChatMessageEntityListing` and by a mirror of the same types with
//! `#[derive(Deserialize)]`, alternating; medians and their ratio are printed, and both reads
//! must give the same values.
//!
//!     cargo run --release -p sdk-tests --example decode_bench

use genesys_cloud_chat::models::ChatMessageEntityListing;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Instant;

/// The same types with serde's derive; only read, never looked at whole.
#[allow(dead_code)]
mod derived {
    use super::*;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Listing {
        pub entities: Option<Vec<Message>>,
        pub page_size: Option<i32>,
        pub page_number: Option<i32>,
        pub total: Option<i64>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Message {
        pub id: String,
        pub date_created: chrono::DateTime<chrono::Utc>,
        pub date_modified: Option<chrono::DateTime<chrono::Utc>>,
        pub to_jid: String,
        pub jid: String,
        pub body: String,
        pub mentions: Option<BTreeMap<String, String>>,
        pub edited: Option<bool>,
        pub attachment_deleted: Option<bool>,
        pub file_uri: Option<String>,
        pub thread: Entity,
        pub parent_thread: Option<Entity>,
        pub user: Option<EntityRef>,
        pub to_user: Option<EntityRef>,
        pub reactions: Option<Vec<Reaction>>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Entity {
        pub id: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct EntityRef {
        pub id: Option<String>,
        pub self_uri: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Reaction {
        pub emoji: String,
        pub users: Vec<EntityRef>,
    }
}

fn page(n: usize) -> String {
    let messages: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id":"m{i}","dateCreated":"2026-11-30T10:00:00Z","toJid":"room@conference.example","jid":"u{i}@example","body":"message number {i}, with some text in it","thread":{{"id":"t{i}"}},"user":{{"id":"u{i}","selfUri":"/api/v2/users/u{i}"}},"reactions":[{{"emoji":"+1","users":[{{"id":"a"}},{{"id":"b"}}]}}],"mentions":{{"u1":"Ann"}},"edited":false,"unknownProperty":{{"nested":[1,2,3]}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"entities":[{}],"pageSize":{n},"pageNumber":1,"total":{n}}}"#,
        messages.join(",")
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let text = page(2000);
    let (mut sdk, mut derive) = (Vec::new(), Vec::new());
    for _ in 0..31 {
        let t = Instant::now();
        let a: ChatMessageEntityListing = serde_json::from_str(&text).unwrap();
        sdk.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let b: derived::Listing = serde_json::from_str(&text).unwrap();
        derive.push(t.elapsed().as_secs_f64() * 1e3);
        let (a, b) = (a.entities.unwrap(), b.entities.unwrap());
        assert_eq!(a.len(), b.len());
        for (a, b) in a.iter().zip(&b) {
            assert_eq!(
                (&a.id, &a.body, a.date_created),
                (&b.id, &b.body, b.date_created)
            );
            assert_eq!(a.mentions, b.mentions);
            let reactions = |r: &[genesys_cloud_chat::models::ChatReaction]| r.len();
            assert_eq!(reactions(a.reactions.as_deref().unwrap()), 1);
            assert_eq!(b.reactions.as_ref().unwrap()[0].users.len(), 2);
            assert_eq!(
                a.user.as_ref().unwrap().self_uri,
                b.user.as_ref().unwrap().self_uri
            );
        }
    }
    let (sdk, derive) = (median(sdk), median(derive));
    println!(
        "{} KB page: SDK models {sdk:.2} ms, serde derive {derive:.2} ms (median of 31); ratio {:.2}",
        text.len() / 1024,
        sdk / derive
    );
}
