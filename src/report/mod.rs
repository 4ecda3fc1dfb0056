//! The validation report: its data model ([`model`]) and its JSON form ([`json`]).
//! Renderers for other formats live next to these modules.

pub mod json;
pub mod junit;
pub mod markdown;
pub mod model;
pub mod text;
pub mod words;

pub use model::{
    sort_findings, AreaStatus, Assumption, BlockingReason, Certification, ColumnsSummary, CountsAs,
    CrossRowResult, CrossRowStatus, Declarations, Example, Finding, InputInfo, Level,
    MisnamedColumn, MissingColumns, Report, ReportNotice, RuleNote, VersionSource, REPORT_FORMAT,
};
