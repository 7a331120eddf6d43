//! Golden records: one per cluster, with survivorship rules per field and provenance on every value.
// Being written by the golden-record helper.
