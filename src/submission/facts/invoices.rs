//! Sums of BilledCost per InvoiceId and BillingCurrency.

use arrow_array::ArrayRef;

use super::{fingerprint, position, Column, FastMap, MAX_INVOICES};
use crate::report::model::{InvoiceFacts, InvoiceSum};
use crate::rules::cells::Cells;
use crate::rules::number::Number;

/// Sums of BilledCost per InvoiceId and BillingCurrency.
pub(super) struct Invoices {
    /// InvoiceId, BilledCost, BillingCurrency positions; `None` without InvoiceId or BilledCost.
    pub(super) columns: Option<(usize, usize, Option<usize>)>,
    /// Fingerprint of the InvoiceId → index into `invoices`.
    pub(super) indexes: FastMap<u64, u32>,
    pub(super) invoices: Vec<InvoiceState>,
    /// InvoiceId / currency pairs held.
    pub(super) pairs: usize,
    pub(super) rows_summed: u64,
    pub(super) rows_without_invoice_id: u64,
    pub(super) rows_without_cost: u64,
    pub(super) rows_not_summed: u64,
}

/// One invoice's sums, by currency (`None`: a null BillingCurrency).
pub(super) struct InvoiceState {
    pub(super) id: String,
    pub(super) by_currency: Vec<CurrencySum>,
}

/// The sum of one invoice in one currency.
pub(super) struct CurrencySum {
    /// The fingerprint and text of the currency (`None`: null).
    pub(super) currency: Option<(u64, Box<str>)>,
    pub(super) sum: Number,
    pub(super) rows: u64,
}

impl Invoices {
    pub(super) fn new(header: &[String]) -> Self {
        let columns = match (
            position(header, "InvoiceId"),
            position(header, "BilledCost"),
        ) {
            (Some(invoice), Some(cost)) => {
                Some((invoice, cost, position(header, "BillingCurrency")))
            }
            _ => None,
        };
        Invoices {
            columns,
            indexes: FastMap::default(),
            invoices: Vec::new(),
            pairs: 0,
            rows_summed: 0,
            rows_without_invoice_id: 0,
            rows_without_cost: 0,
            rows_not_summed: 0,
        }
    }

    pub(super) fn observe(&mut self, columns: &[ArrayRef], rows: usize) {
        let Some((invoice, cost, currency)) = self.columns else {
            return;
        };
        let (Some(invoice), Some(cost)) = (columns.get(invoice), columns.get(cost)) else {
            return;
        };
        let (invoices, costs) = (Column::new(invoice), Cells::new(cost));
        let currencies = currency.and_then(|c| columns.get(c)).map(Column::new);
        let mut last: Option<(u64, u32)> = None;
        for row in 0..rows {
            let Some(id) = invoices.get(row) else {
                self.rows_without_invoice_id += 1;
                continue;
            };
            let Some(amount) = costs.number(row) else {
                self.rows_without_cost += 1;
                continue;
            };
            let currency = currencies.as_ref().and_then(|c| c.get(row));
            let key = fingerprint(&id);
            let index = match last {
                Some((k, index)) if k == key => Some(index),
                _ => self.invoice_index(key, &id),
            };
            let Some(index) = index else {
                self.rows_not_summed += 1;
                continue;
            };
            if self.add(index, currency.as_deref(), amount) {
                self.rows_summed += 1;
            } else {
                self.rows_not_summed += 1;
            }
            last = Some((key, index));
        }
    }

    /// The index of invoice `id`, added when new and under the limit.
    pub(super) fn invoice_index(&mut self, key: u64, id: &[u8]) -> Option<u32> {
        if let Some(&i) = self.indexes.get(&key) {
            return Some(i);
        }
        if self.pairs >= MAX_INVOICES {
            return None;
        }
        let i = self.invoices.len() as u32;
        self.indexes.insert(key, i);
        self.invoices.push(InvoiceState {
            id: String::from_utf8_lossy(id).into_owned(),
            by_currency: Vec::new(),
        });
        Some(i)
    }

    /// Adds an amount to an invoice in a currency; false when that would need a new
    /// pair past the limit.
    pub(super) fn add(&mut self, index: u32, currency: Option<&[u8]>, amount: Number) -> bool {
        let Some(invoice) = self.invoices.get_mut(index as usize) else {
            return false;
        };
        let key = currency.map(fingerprint);
        if let Some(entry) = invoice
            .by_currency
            .iter_mut()
            .find(|c| c.currency.as_ref().map(|(k, _)| *k) == key)
        {
            entry.sum = entry.sum.add(amount);
            entry.rows += 1;
            return true;
        }
        if self.pairs >= MAX_INVOICES {
            return false;
        }
        self.pairs += 1;
        invoice.by_currency.push(CurrencySum {
            currency: currency.zip(key).map(|(text, k)| {
                (
                    k,
                    String::from_utf8_lossy(text).into_owned().into_boxed_str(),
                )
            }),
            sum: amount,
            rows: 1,
        });
        true
    }

    pub(super) fn finish(self) -> InvoiceFacts {
        let mut notes = Vec::new();
        if self.columns.is_none() {
            notes.push("The sample has no InvoiceId or no BilledCost column, so no invoice sum was computed.".to_string());
        }
        if self.rows_not_summed > 0 {
            notes.push(format!(
                "Summed the first {MAX_INVOICES} invoice and currency pairs only (the limit of this check); {} row(s) of later invoices were not summed.",
                self.rows_not_summed
            ));
        }
        let mut invoices = self.invoices;
        invoices.sort_by(|a, b| a.id.cmp(&b.id));
        let mut sums = Vec::new();
        let mut mixed_currency = Vec::new();
        for invoice in invoices {
            let mut by_currency = invoice.by_currency;
            by_currency.sort_by(|a, b| {
                let text = |c: &CurrencySum| c.currency.as_ref().map(|(_, t)| t.clone());
                text(a).cmp(&text(b))
            });
            if by_currency.iter().filter(|c| c.currency.is_some()).count() > 1 {
                mixed_currency.push(invoice.id.clone());
            }
            for c in by_currency {
                sums.push(InvoiceSum {
                    invoice_id: invoice.id.clone(),
                    currency: c.currency.map(|(_, text)| text.into_string()),
                    billed_cost: c.sum.to_f64(),
                    rows: c.rows,
                });
            }
        }
        InvoiceFacts {
            computed: self.columns.is_some(),
            sums,
            mixed_currency,
            rows_summed: self.rows_summed,
            rows_without_invoice_id: self.rows_without_invoice_id,
            rows_without_cost: self.rows_without_cost,
            max_invoices: MAX_INVOICES as u64,
            rows_not_summed: self.rows_not_summed,
            notes,
        }
    }
}
