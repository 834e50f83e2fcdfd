//! Release notes: a section per level, a group per operation or model, a bullet per change.

use std::fmt::Write as _;

use super::{Level, Report, SubjectKind};

impl Report {
    /// The highest level of any change, `None` when nothing changed.
    pub fn level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).min()
    }

    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    /// Release notes: a section per level, a group per operation or model, a bullet per change.
    /// `depth` is the heading level of the sections (1 for `#`).
    pub fn markdown(&self, depth: usize) -> String {
        let h = "#".repeat(depth);
        let mut out = String::new();
        for level in [Level::Major, Level::Minor, Level::Point] {
            let n = self.count(level);
            let plural = if n == 1 { "change" } else { "changes" };
            let _ = writeln!(out, "{h} {} Changes ({n} {plural})\n", level.title());
            let mut last: Option<(SubjectKind, &str)> = None;
            for c in self.changes.iter().filter(|c| c.level == level) {
                if last != Some((c.kind, &c.subject)) {
                    if last.is_some() {
                        out.push('\n');
                    }
                    let kind = match c.kind {
                        SubjectKind::Operation => "",
                        SubjectKind::Model => " (model)",
                        SubjectKind::Topic => " (notification topic)",
                    };
                    match &c.rust {
                        Some(rust) => {
                            let _ = writeln!(out, "{h}# {} (`{rust}`)\n", c.subject);
                        }
                        None => {
                            let _ = writeln!(out, "{h}# {}{kind}\n", c.subject);
                        }
                    }
                    last = Some((c.kind, &c.subject));
                }
                let _ = writeln!(out, "- {}", c.message);
            }
            if last.is_some() {
                out.push('\n');
            }
        }
        out.trim_end().to_owned() + "\n"
    }
}
