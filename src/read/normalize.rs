//! The normalized Arrow types the rule engine relies on: strings always arrive as
//! plain `Utf8`, whether the Parquet file stored them dictionary-encoded, as large
//! strings or as string views. Every other type is handed out as it is.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};

/// The type a column of type `data_type` is handed out as.
pub(crate) fn normalized_type(data_type: &DataType) -> DataType {
    match data_type {
        DataType::LargeUtf8 | DataType::Utf8View => DataType::Utf8,
        DataType::Dictionary(_, value) if is_string(value) => DataType::Utf8,
        other => other.clone(),
    }
}

fn is_string(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

/// `schema` with every field's type normalized (names, nullability and metadata kept).
pub(crate) fn normalized_schema(schema: &Schema) -> SchemaRef {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|field| {
            field
                .as_ref()
                .clone()
                .with_data_type(normalized_type(field.data_type()))
        })
        .collect();
    Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()))
}

/// Converts the columns of `batch` whose type is not normalized, giving a batch of
/// `schema` (the normalized schema of the batch's own).
pub(crate) fn normalize_batch(
    batch: RecordBatch,
    schema: &SchemaRef,
) -> Result<RecordBatch, ArrowError> {
    if batch
        .schema()
        .fields()
        .iter()
        .zip(schema.fields())
        .all(|(a, b)| a.data_type() == b.data_type())
    {
        return Ok(batch);
    }
    let columns = batch
        .columns()
        .iter()
        .map(to_normalized)
        .collect::<Result<Vec<_>, _>>()?;
    RecordBatch::try_new(Arc::clone(schema), columns)
}

fn to_normalized(array: &ArrayRef) -> Result<ArrayRef, ArrowError> {
    if normalized_type(array.data_type()) == *array.data_type() {
        return Ok(Arc::clone(array));
    }
    if let Some(dictionary) = array.as_any_dictionary_opt() {
        let values = dictionary.values();
        let keys = dictionary.normalized_keys();
        let strings: StringArray = (0..array.len())
            .map(|i| {
                if array.is_null(i) {
                    None
                } else {
                    string_at(values.as_ref(), keys[i])
                }
            })
            .collect();
        return Ok(Arc::new(strings));
    }
    let strings: StringArray = (0..array.len())
        .map(|i| string_at(array.as_ref(), i))
        .collect();
    Ok(Arc::new(strings))
}

/// The string at `index` of any of the three string array types; `None` when null.
fn string_at(array: &dyn Array, index: usize) -> Option<&str> {
    if index >= array.len() || array.is_null(index) {
        return None;
    }
    if let Some(strings) = array.as_string_opt::<i32>() {
        Some(strings.value(index))
    } else if let Some(strings) = array.as_string_opt::<i64>() {
        Some(strings.value(index))
    } else {
        array
            .as_string_view_opt()
            .map(|strings| strings.value(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::types::Int32Type;
    use arrow_array::{DictionaryArray, Int64Array, LargeStringArray, StringViewArray};

    #[test]
    fn string_types_become_utf8_and_others_stay() {
        let dictionary = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
        assert_eq!(normalized_type(&dictionary), DataType::Utf8);
        assert_eq!(normalized_type(&DataType::LargeUtf8), DataType::Utf8);
        assert_eq!(normalized_type(&DataType::Utf8View), DataType::Utf8);
        assert_eq!(
            normalized_type(&DataType::Decimal128(18, 6)),
            DataType::Decimal128(18, 6)
        );
        let int_dictionary =
            DataType::Dictionary(Box::new(DataType::Int8), Box::new(DataType::Int64));
        assert_eq!(normalized_type(&int_dictionary), int_dictionary);
    }

    #[test]
    fn batches_are_converted_value_for_value() {
        let dictionary: DictionaryArray<Int32Type> =
            vec![Some("Usage"), None, Some("Tax"), Some("Usage")]
                .into_iter()
                .collect();
        let large = LargeStringArray::from(vec![Some("a"), Some("b"), None, Some("d")]);
        let view = StringViewArray::from(vec![Some("w"), None, Some("y"), Some("z")]);
        let ints = Int64Array::from(vec![1, 2, 3, 4]);
        let batch = RecordBatch::try_from_iter(vec![
            ("d", Arc::new(dictionary) as ArrayRef),
            ("l", Arc::new(large) as ArrayRef),
            ("v", Arc::new(view) as ArrayRef),
            ("i", Arc::new(ints) as ArrayRef),
        ])
        .unwrap();
        let schema = normalized_schema(&batch.schema());
        let out = normalize_batch(batch, &schema).unwrap();
        let d = out.column(0).as_string::<i32>();
        assert_eq!(
            d.iter().collect::<Vec<_>>(),
            vec![Some("Usage"), None, Some("Tax"), Some("Usage")]
        );
        let l = out.column(1).as_string::<i32>();
        assert_eq!(
            l.iter().collect::<Vec<_>>(),
            vec![Some("a"), Some("b"), None, Some("d")]
        );
        let v = out.column(2).as_string::<i32>();
        assert_eq!(
            v.iter().collect::<Vec<_>>(),
            vec![Some("w"), None, Some("y"), Some("z")]
        );
        assert_eq!(out.column(3).data_type(), &DataType::Int64);
    }
}
