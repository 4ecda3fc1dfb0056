//! Writes a realistic, valid FOCUS 1.2 Cost and Usage file of any size, for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_focus -- --rows 1000000 --out bench-data/focus.csv \
//!     [--parquet bench-data/focus.parquet] [--seed 42]
//! ```
//!
//! Every row has all 57 FOCUS 1.2 columns, in one March 2025 billing period, from four
//! providers (three clouds in USD or EUR and one SaaS vendor), with usage, spot usage,
//! usage covered by a savings plan (Used), its unused part (Unused), purchases, taxes and
//! credits. Costs are exact: every cost equals unit price × pricing quantity, and each
//! savings plan's purchase equals the effective cost of its Used and Unused rows.
//!
//! The output is deterministic for a seed and written as it is generated, so memory
//! stays constant; about 900 bytes per CSV row. The Parquet twin holds the same rows with
//! typed columns: Decimal128(38, 12) for numbers, Timestamp(Second, "UTC") for dates,
//! Utf8 for strings; zstd, row groups of 65,536 rows.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// Declares the FOCUS 1.2 columns once: `COLUMNS` holds the names in file order and
/// `C::Name as usize` is a column's index.
macro_rules! focus_columns {
    ($($name:ident),* $(,)?) => {
        /// FOCUS 1.2 column names, in the order of the specification's column list.
        const COLUMNS: &[&str] = &[$(stringify!($name)),*];
        /// Column indexes, named as the columns.
        // Some columns (capacity reservations, corrections) are always null here.
        #[derive(Clone, Copy)]
        #[allow(dead_code, clippy::enum_variant_names)]
        enum C { $($name),* }
    };
}

#[rustfmt::skip]
focus_columns!(
    AvailabilityZone, BilledCost, BillingAccountId, BillingAccountName, BillingAccountType, BillingCurrency,
    BillingPeriodEnd, BillingPeriodStart, CapacityReservationId, CapacityReservationStatus, ChargeCategory,
    ChargeClass, ChargeDescription, ChargeFrequency, ChargePeriodEnd, ChargePeriodStart,
    CommitmentDiscountCategory, CommitmentDiscountId, CommitmentDiscountName, CommitmentDiscountQuantity,
    CommitmentDiscountStatus, CommitmentDiscountType, CommitmentDiscountUnit, ConsumedQuantity, ConsumedUnit,
    ContractedCost, ContractedUnitPrice, EffectiveCost, InvoiceId, InvoiceIssuerName, ListCost, ListUnitPrice,
    PricingCategory, PricingCurrency, PricingCurrencyContractedUnitPrice, PricingCurrencyEffectiveCost,
    PricingCurrencyListUnitPrice, PricingQuantity, PricingUnit, ProviderName, PublisherName, RegionId,
    RegionName, ResourceId, ResourceName, ResourceType, ServiceCategory, ServiceName, ServiceSubcategory, SkuId,
    SkuMeter, SkuPriceDetails, SkuPriceId, SubAccountId, SubAccountName, SubAccountType, Tags,
);

/// The kind of value a column holds, which decides its Parquet type.
#[derive(Clone, Copy, PartialEq)]
#[cfg_attr(not(feature = "parquet"), allow(dead_code))] // used by the Parquet twin only
enum Kind {
    Decimal,
    DateTime,
    Text,
}

#[cfg_attr(not(feature = "parquet"), allow(dead_code))] // used by the Parquet twin only
fn kind_of(column: usize) -> Kind {
    const DECIMALS: [C; 12] = [
        C::BilledCost,
        C::CommitmentDiscountQuantity,
        C::ConsumedQuantity,
        C::ContractedCost,
        C::ContractedUnitPrice,
        C::EffectiveCost,
        C::ListCost,
        C::ListUnitPrice,
        C::PricingCurrencyContractedUnitPrice,
        C::PricingCurrencyEffectiveCost,
        C::PricingCurrencyListUnitPrice,
        C::PricingQuantity,
    ];
    const DATES: [C; 4] = [
        C::BillingPeriodEnd,
        C::BillingPeriodStart,
        C::ChargePeriodEnd,
        C::ChargePeriodStart,
    ];
    if DECIMALS.iter().any(|&c| c as usize == column) {
        Kind::Decimal
    } else if DATES.iter().any(|&c| c as usize == column) {
        Kind::DateTime
    } else {
        Kind::Text
    }
}

// ---------------------------------------------------------------------------------------
// Numbers: every amount is an integer count of 10^-12 (pico) units, so that costs are
// exact products. Prices are whole nano-units and quantities whole milli-units, which
// keeps price × quantity a whole number of pico-units.

/// Decimal places of every number written.
#[cfg_attr(not(feature = "parquet"), allow(dead_code))] // used by the Parquet twin only
const SCALE: u32 = 12;
const ONE: i128 = 1_000_000_000_000;

/// `price × quantity`, both in pico-units.
fn mul(price: i128, quantity: i128) -> i128 {
    price * quantity / ONE
}

/// A price given in nano-units (10^-9) as pico-units.
fn nano(value: i128) -> i128 {
    value * 1000
}

/// A quantity given in milli-units (10^-3) as pico-units.
fn milli(value: i128) -> i128 {
    value * 1_000_000_000
}

/// Plain decimal text (no exponent, no plus sign, no thousands separators).
fn write_decimal(out: &mut String, value: i128) {
    if value < 0 {
        out.push('-');
    }
    let magnitude = value.unsigned_abs();
    let whole = magnitude / ONE as u128;
    let fraction = magnitude % ONE as u128;
    let _ = write!(out, "{whole}");
    if fraction != 0 {
        let digits = format!("{fraction:012}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
}

// ---------------------------------------------------------------------------------------
// Dates

/// 2025-03-01T00:00:00Z: the billing period is March 2025 (744 hours).
const PERIOD_START: i64 = 1_740_787_200;
const PERIOD_HOURS: i64 = 31 * 24;
const PERIOD_END: i64 = PERIOD_START + PERIOD_HOURS * 3600;

/// `YYYY-MM-DDTHH:mm:ssZ` for seconds since 1970 (UTC).
fn write_datetime(out: &mut String, seconds: i64) {
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    // Civil-from-days, after Howard Hinnant's public-domain algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let _ = write!(
        out,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    );
}

// ---------------------------------------------------------------------------------------
// Randomness: SplitMix64, deterministic for a seed, no dependency.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A stable hash for deriving identifiers (FNV-1a).
fn hash(parts: &[&str], n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    for b in n.to_le_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// A stable upper-case code of `len` characters for `parts` (SKU ids and the like).
fn code(parts: &[&str], len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut h = hash(parts, 0);
    (0..len)
        .map(|_| {
            let c = ALPHABET[(h % 32) as usize] as char;
            h = (h / 32) ^ h.rotate_left(17).wrapping_mul(31);
            c
        })
        .collect()
}

/// A stable lower-case hex string of `len` digits.
fn hex(parts: &[&str], n: u64, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut salt = 0;
    while out.len() < len {
        let _ = write!(
            out,
            "{:016x}",
            hash(parts, n.wrapping_mul(31).wrapping_add(salt))
        );
        salt += 1;
    }
    out.truncate(len);
    out
}

/// A stable GUID-shaped identifier.
fn guid(parts: &[&str], n: u64) -> String {
    let h = hex(parts, n, 32);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

// ---------------------------------------------------------------------------------------
// The catalogue: providers, their accounts, regions and services.

#[derive(Clone, Copy, PartialEq)]
enum Cloud {
    Aws,
    Azure,
    Gcp,
    Saas,
}

struct Provider {
    cloud: Cloud,
    name: &'static str,
    publisher: &'static str,
    issuer: &'static str,
    currency: &'static str,
    /// Negotiated discount off list prices, in percent.
    discount: i128,
    billing_account_type: &'static str,
    sub_account_type: &'static str,
    /// (RegionId, RegionName); empty for a provider without regions.
    regions: &'static [(&'static str, &'static str)],
    services: &'static [Service],
    /// What the provider's tax rows call the tax.
    tax_name: &'static str,
    /// (ServiceName, plan, monthly fee in whole currency units) of the support plan.
    support: (&'static str, &'static str, i128),
    savings_plan: Option<SavingsPlan>,
}

struct SavingsPlan {
    service: &'static str,
    kind: &'static str,
}

struct Service {
    name: &'static str,
    category: &'static str,
    subcategory: &'static str,
    resource_type: &'static str,
    /// Which resource id shape to use.
    resource_kind: &'static str,
    zonal: bool,
    regional: bool,
    /// True for the compute services a savings plan covers.
    committable: bool,
    skus: &'static [Sku],
}

struct Sku {
    meter: &'static str,
    pricing_unit: &'static str,
    consumed_unit: &'static str,
    /// List price per pricing unit, in nano-units of the currency.
    list_nano: i128,
    /// Pricing quantity range per row, in milli-units.
    quantity_milli: (i128, i128),
    /// Consumed quantity per pricing unit (1 unless the pricing unit bundles several).
    consumed_per_unit: i128,
    details: &'static str,
}

const fn sku(
    meter: &'static str,
    pricing_unit: &'static str,
    consumed_unit: &'static str,
    list_nano: i128,
    quantity_milli: (i128, i128),
    consumed_per_unit: i128,
    details: &'static str,
) -> Sku {
    Sku {
        meter,
        pricing_unit,
        consumed_unit,
        list_nano,
        quantity_milli,
        consumed_per_unit,
        details,
    }
}

const HOUR: (i128, i128) = (1000, 1000);

// A data table: one SKU per line reads better than rustfmt's one argument per line.
#[rustfmt::skip]
static PROVIDERS: [Provider; 4] = [
    Provider {
        cloud: Cloud::Aws,
        name: "Amazon Web Services",
        publisher: "Amazon Web Services",
        issuer: "Amazon Web Services, Inc.",
        currency: "USD",
        discount: 8,
        billing_account_type: "Management Account",
        sub_account_type: "Member Account",
        regions: &[
            ("us-east-1", "US East (N. Virginia)"),
            ("us-west-2", "US West (Oregon)"),
            ("eu-west-1", "Europe (Ireland)"),
            ("ap-southeast-2", "Asia Pacific (Sydney)"),
        ],
        services: &[
            Service {
                name: "Amazon Elastic Compute Cloud",
                category: "Compute",
                subcategory: "Virtual Machines",
                resource_type: "Instance",
                resource_kind: "ec2",
                zonal: true,
                regional: true,
                committable: true,
                skus: &[
                    sku("BoxUsage:m5.xlarge", "Hours", "Hours", 192_000_000, HOUR, 1, r#"{"CoreCount":4,"InstanceType":"m5.xlarge","InstanceSeries":"M5","MemorySize":16,"OperatingSystem":"Linux","x_Tenancy":"Shared"}"#),
                    sku("BoxUsage:c6g.2xlarge", "Hours", "Hours", 272_000_000, HOUR, 1, r#"{"CoreCount":8,"InstanceType":"c6g.2xlarge","InstanceSeries":"C6g","MemorySize":16,"OperatingSystem":"Linux","x_Tenancy":"Shared"}"#),
                    sku("BoxUsage:r6i.large", "Hours", "Hours", 126_000_000, HOUR, 1, r#"{"CoreCount":2,"InstanceType":"r6i.large","InstanceSeries":"R6i","MemorySize":16,"OperatingSystem":"Linux","x_Tenancy":"Shared"}"#),
                    sku("BoxUsage:m6i.2xlarge", "Hours", "Hours", 464_000_000, HOUR, 1, r#"{"CoreCount":8,"InstanceType":"m6i.2xlarge","InstanceSeries":"M6i","MemorySize":32,"OperatingSystem":"Windows","x_Tenancy":"Shared"}"#),
                ],
            },
            Service {
                name: "Amazon Simple Storage Service",
                category: "Storage",
                subcategory: "Object Storage",
                resource_type: "Bucket",
                resource_kind: "s3",
                zonal: false,
                regional: true,
                committable: false,
                skus: &[
                    sku("TimedStorage-ByteHrs", "GB-Hours", "GB-Hours", 31_500, (10_000, 4_000_000), 1, r#"{"StorageClass":"Standard","Redundancy":"Zonal"}"#),
                    sku("TimedStorage-INT-FA-ByteHrs", "GB-Hours", "GB-Hours", 17_100, (10_000, 9_000_000), 1, r#"{"StorageClass":"Intelligent-Tiering","Redundancy":"Zonal"}"#),
                    sku("Requests-Tier1", "1000 Requests", "Requests", 5_000_000, (1_000, 500_000), 1000, r#"{"x_RequestType":"PUT, COPY, POST, LIST"}"#),
                ],
            },
            Service {
                name: "Amazon Relational Database Service",
                category: "Databases",
                subcategory: "Relational Databases",
                resource_type: "DB Instance",
                resource_kind: "rds",
                zonal: true,
                regional: true,
                committable: false,
                skus: &[
                    sku("InstanceUsage:db.r6g.large", "Hours", "Hours", 225_000_000, HOUR, 1, r#"{"CoreCount":2,"InstanceType":"db.r6g.large","InstanceSeries":"R6g","MemorySize":16,"x_DatabaseEngine":"PostgreSQL"}"#),
                    sku("InstanceUsage:db.m6g.xlarge", "Hours", "Hours", 308_000_000, HOUR, 1, r#"{"CoreCount":4,"InstanceType":"db.m6g.xlarge","InstanceSeries":"M6g","MemorySize":16,"x_DatabaseEngine":"MySQL"}"#),
                ],
            },
            Service {
                name: "AWS Lambda",
                category: "Compute",
                subcategory: "Serverless Compute",
                resource_type: "Function",
                resource_kind: "lambda",
                zonal: false,
                regional: true,
                committable: false,
                skus: &[sku("Request-ARM", "1000000 Requests", "Requests", 200_000_000, (1, 9_000), 1_000_000, r#"{"x_Architecture":"arm64"}"#)],
            },
            Service {
                name: "Amazon Bedrock",
                category: "AI and Machine Learning",
                subcategory: "Generative AI",
                resource_type: "Foundation Model",
                resource_kind: "bedrock",
                zonal: false,
                regional: true,
                committable: false,
                skus: &[sku("InputTokenCount", "1000 Tokens", "Tokens", 3_000_000, (1_000, 2_000_000), 1000, r#"{"x_ModelFamily":"Claude","x_TokenType":"Input"}"#)],
            },
        ],
        tax_name: "Sales tax",
        support: ("AWS Support (Business)", "Business Support Plan", 1500),
        savings_plan: Some(SavingsPlan { service: "AWS Savings Plans", kind: "Compute Savings Plan" }),
    },
    Provider {
        cloud: Cloud::Azure,
        name: "Microsoft",
        publisher: "Microsoft",
        issuer: "Microsoft Ireland Operations Limited",
        currency: "EUR",
        discount: 12,
        billing_account_type: "Billing Profile",
        sub_account_type: "Subscription",
        regions: &[
            ("westeurope", "West Europe"),
            ("northeurope", "North Europe"),
            ("germanywestcentral", "Germany West Central"),
            ("francecentral", "France Central"),
        ],
        services: &[
            Service {
                name: "Virtual Machines",
                category: "Compute",
                subcategory: "Virtual Machines",
                resource_type: "Virtual machine",
                resource_kind: "azvm",
                zonal: true,
                regional: true,
                committable: true,
                skus: &[
                    sku("D4s v5", "Hours", "Hours", 211_000_000, HOUR, 1, r#"{"CoreCount":4,"InstanceType":"Standard_D4s_v5","InstanceSeries":"Dsv5","MemorySize":16,"OperatingSystem":"Linux"}"#),
                    sku("E8as v5", "Hours", "Hours", 544_000_000, HOUR, 1, r#"{"CoreCount":8,"InstanceType":"Standard_E8as_v5","InstanceSeries":"Easv5","MemorySize":64,"OperatingSystem":"Linux"}"#),
                    sku("B2ms", "Hours", "Hours", 91_000_000, HOUR, 1, r#"{"CoreCount":2,"InstanceType":"Standard_B2ms","InstanceSeries":"Bs","MemorySize":8,"OperatingSystem":"Windows"}"#),
                ],
            },
            Service {
                name: "Storage Accounts",
                category: "Storage",
                subcategory: "Object Storage",
                resource_type: "Storage account",
                resource_kind: "azstorage",
                zonal: false,
                regional: true,
                committable: false,
                skus: &[sku("Hot LRS Data Stored", "GB-Hours", "GB-Hours", 25_900, (50_000, 6_000_000), 1, r#"{"StorageClass":"Hot","Redundancy":"Local"}"#)],
            },
            Service {
                name: "Azure SQL Database",
                category: "Databases",
                subcategory: "Relational Databases",
                resource_type: "SQL database",
                resource_kind: "azsql",
                zonal: false,
                regional: true,
                committable: false,
                skus: &[sku("vCore", "Hours", "Hours", 486_000_000, HOUR, 1, r#"{"CoreCount":2,"x_ServiceTier":"General Purpose"}"#)],
            },
            Service {
                name: "Azure Monitor",
                category: "Management and Governance",
                subcategory: "Observability",
                resource_type: "Log Analytics workspace",
                resource_kind: "azmonitor",
                zonal: false,
                regional: true,
                committable: false,
                skus: &[sku("Analytics Logs Data Ingestion", "GB", "GB", 2_760_000_000, (10, 40_000), 1, r#"{"x_LogPlan":"Analytics"}"#)],
            },
        ],
        tax_name: "VAT",
        support: ("Azure Support", "Standard Support", 100),
        savings_plan: Some(SavingsPlan { service: "Azure Savings Plan for Compute", kind: "Savings Plan" }),
    },
    Provider {
        cloud: Cloud::Gcp,
        name: "Google Cloud",
        publisher: "Google Cloud",
        issuer: "Google LLC",
        currency: "USD",
        discount: 5,
        billing_account_type: "Billing Account",
        sub_account_type: "Project",
        regions: &[
            ("us-central1", "Iowa"),
            ("europe-west4", "Netherlands"),
            ("asia-northeast1", "Tokyo"),
        ],
        services: &[
            Service {
                name: "Compute Engine",
                category: "Compute",
                subcategory: "Virtual Machines",
                resource_type: "Instance",
                resource_kind: "gce",
                zonal: true,
                regional: true,
                committable: true,
                skus: &[
                    sku("N2 Instance Core", "Hours", "Hours", 31_611_000, (1000, 8000), 1, r#"{"CoreCount":1,"InstanceSeries":"N2"}"#),
                    sku("N2 Instance Ram", "GB-Hours", "GB-Hours", 4_237_000, (4000, 64000), 1, r#"{"MemorySize":1,"InstanceSeries":"N2"}"#),
                ],
            },
            Service {
                name: "Cloud Storage",
                category: "Storage",
                subcategory: "Object Storage",
                resource_type: "Bucket",
                resource_kind: "gcs",
                zonal: false,
                regional: true,
                committable: false,
                skus: &[sku("Standard Storage", "GB-Hours", "GB-Hours", 27_400, (1_000, 8_000_000), 1, r#"{"StorageClass":"Standard","Redundancy":"Zonal"}"#)],
            },
            Service {
                name: "BigQuery",
                category: "Databases",
                subcategory: "Data Warehouses",
                resource_type: "Dataset",
                resource_kind: "bq",
                zonal: false,
                regional: true,
                committable: false,
                skus: &[sku("Analysis", "TiB", "TiB", 6_250_000_000, (1, 3_000), 1, r#"{"x_PricingModel":"On-demand"}"#)],
            },
            Service {
                name: "Cloud Run",
                category: "Compute",
                subcategory: "Serverless Compute",
                resource_type: "Service",
                resource_kind: "run",
                zonal: false,
                regional: true,
                committable: false,
                skus: &[sku("CPU Allocation Time", "Seconds", "Seconds", 24_000, (1_000, 3_600_000), 1, r#"{"CoreCount":1}"#)],
            },
        ],
        tax_name: "Sales tax",
        support: ("Cloud Customer Care", "Enhanced Support", 500),
        savings_plan: Some(SavingsPlan { service: "Committed Use Discounts", kind: "Flexible Committed Use Discount" }),
    },
    Provider {
        cloud: Cloud::Saas,
        name: "Datadog",
        publisher: "Datadog",
        issuer: "Datadog, Inc.",
        currency: "USD",
        discount: 0,
        billing_account_type: "Organization",
        sub_account_type: "Child Organization",
        regions: &[],
        services: &[
            Service {
                name: "Infrastructure Monitoring",
                category: "Management and Governance",
                subcategory: "Observability",
                resource_type: "Host",
                resource_kind: "ddhost",
                zonal: false,
                regional: false,
                committable: false,
                skus: &[sku("Infra Pro Host", "Hours", "Hours", 20_500_000, HOUR, 1, r#"{"x_Plan":"Pro"}"#)],
            },
            Service {
                name: "Log Management",
                category: "Management and Governance",
                subcategory: "Observability",
                resource_type: "Log Index",
                resource_kind: "ddlogs",
                zonal: false,
                regional: false,
                committable: false,
                skus: &[sku("Indexed Logs 15 Day", "1000000 Events", "Events", 2_550_000_000, (1, 20_000), 1_000_000, r#"{"x_RetentionDays":15}"#)],
            },
        ],
        tax_name: "Sales tax",
        support: ("Datadog Premier Support", "Premier Support", 800),
        savings_plan: None,
    },
];

const TEAMS: [&str; 8] = [
    "payments", "search", "data", "platform", "web", "mobile", "ml", "identity",
];
const ENVS: [&str; 3] = ["prod", "staging", "dev"];
const BILLING_ACCOUNTS: u64 = 3;
const SUB_ACCOUNTS: u64 = 8;
const RESOURCES_PER_SERVICE: u64 = 40;

/// Identity of a billing account of a provider.
fn billing_account_id(p: &Provider, n: u64) -> String {
    match p.cloud {
        Cloud::Aws => format!(
            "{:012}",
            100_000_000_000 + hash(&[p.name, "ba"], n) % 900_000_000_000
        ),
        Cloud::Azure => format!(
            "{}:{}_2019-05-31",
            hash(&[p.name, "ba"], n) % 90_000_000,
            guid(&[p.name, "ba"], n)
        ),
        Cloud::Gcp => {
            let h = hex(&[p.name, "ba"], n, 18).to_uppercase();
            format!("{}-{}-{}", &h[0..6], &h[6..12], &h[12..18])
        }
        Cloud::Saas => format!("org-{}", hex(&[p.name, "ba"], n, 12)),
    }
}

fn sub_account_id(p: &Provider, n: u64) -> String {
    match p.cloud {
        Cloud::Aws => format!(
            "{:012}",
            100_000_000_000 + hash(&[p.name, "sa"], n) % 900_000_000_000
        ),
        Cloud::Azure => format!("/subscriptions/{}", guid(&[p.name, "sa"], n)),
        Cloud::Gcp => format!(
            "{}-{}-{}",
            TEAMS[n as usize % TEAMS.len()],
            ENVS[n as usize % ENVS.len()],
            hash(&[p.name, "sa"], n) % 1_000_000
        ),
        Cloud::Saas => format!("child-{}", hex(&[p.name, "sa"], n, 10)),
    }
}

/// (ResourceId, ResourceName) of resource `n` of a service in a sub account and region.
fn resource(
    p: &Provider,
    s: &Service,
    sub: &str,
    region: &str,
    zone: &str,
    n: u64,
) -> (String, String) {
    let team = TEAMS[(hash(&[sub], n) % TEAMS.len() as u64) as usize];
    let env = ENVS[(hash(&[sub, "env"], n) % ENVS.len() as u64) as usize];
    let name = format!("{team}-{env}-{}-{n:02}", s.resource_kind);
    let id = match s.resource_kind {
        "ec2" => format!("arn:aws:ec2:{region}:{sub}:instance/i-{}", hex(&[sub, region], n, 17)),
        "s3" => format!("arn:aws:s3:::{name}-{}", hex(&[sub], n, 8)),
        "rds" => format!("arn:aws:rds:{region}:{sub}:db:{name}"),
        "lambda" => format!("arn:aws:lambda:{region}:{sub}:function:{name}"),
        "bedrock" => format!("arn:aws:bedrock:{region}::foundation-model/anthropic.claude-3-5-sonnet-{n:02}"),
        "azvm" => format!("{sub}/resourceGroups/rg-{team}-{env}/providers/Microsoft.Compute/virtualMachines/{name}"),
        "azstorage" => format!("{sub}/resourceGroups/rg-{team}-{env}/providers/Microsoft.Storage/storageAccounts/st{team}{env}{n:02}"),
        "azsql" => format!("{sub}/resourceGroups/rg-{team}-{env}/providers/Microsoft.Sql/servers/sql-{team}-{env}/databases/{name}"),
        "azmonitor" => format!("{sub}/resourceGroups/rg-{team}-{env}/providers/Microsoft.OperationalInsights/workspaces/{name}"),
        "gce" => format!("//compute.googleapis.com/projects/{sub}/zones/{zone}/instances/{name}"),
        "gcs" => format!("//storage.googleapis.com/projects/_/buckets/{name}-{}", hex(&[sub], n, 6)),
        "bq" => format!("//bigquery.googleapis.com/projects/{sub}/datasets/{team}_{env}_{n:02}"),
        "run" => format!("//run.googleapis.com/projects/{sub}/locations/{region}/services/{name}"),
        _ => format!("{}:{}:{}", p.name.to_lowercase(), s.resource_kind, hex(&[sub], n, 16)),
    };
    (id, name)
}

// ---------------------------------------------------------------------------------------
// Rows

/// One row being written: a text cell per column, `None` for null. The strings are
/// reused from row to row, so generating allocates almost nothing.
struct Row {
    cells: Vec<String>,
    present: Vec<bool>,
}

impl Row {
    fn new() -> Self {
        Row {
            cells: vec![String::new(); COLUMNS.len()],
            present: vec![false; COLUMNS.len()],
        }
    }

    fn clear(&mut self) {
        for (cell, present) in self.cells.iter_mut().zip(&mut self.present) {
            cell.clear();
            *present = false;
        }
    }

    fn set(&mut self, column: C, value: &str) {
        let i = column as usize;
        self.cells[i].push_str(value);
        self.present[i] = true;
    }

    fn set_decimal(&mut self, column: C, value: i128) {
        let i = column as usize;
        write_decimal(&mut self.cells[i], value);
        self.present[i] = true;
    }

    fn set_datetime(&mut self, column: C, seconds: i64) {
        let i = column as usize;
        write_datetime(&mut self.cells[i], seconds);
        self.present[i] = true;
    }
}

/// A savings plan (Spend commitment): its Used rows are generated along the way, its
/// Purchase and Unused rows at the end, once the amount used is known.
struct Commitment {
    provider: usize,
    id: String,
    name: String,
    /// Effective cost of the Used rows so far, pico-units.
    used: i128,
}

/// Prices per pricing unit of a SKU, in pico-units.
struct Prices {
    list: i128,
    contracted: i128,
}

fn prices(p: &Provider, sku: &Sku) -> Prices {
    let list = nano(sku.list_nano);
    // Negotiated prices are whole nano-units too, so costs stay exact.
    let contracted = nano(sku.list_nano * (100 - p.discount) / 100);
    Prices { list, contracted }
}

struct Generator {
    rng: Rng,
    row: Row,
    commitments: Vec<Commitment>,
}

/// What kind of row to write next.
enum Charge {
    OnDemand,
    Spot,
    Committed(usize),
    Tax,
    Credit,
    Support,
}

impl Generator {
    fn new(seed: u64) -> Self {
        let mut commitments = Vec::new();
        for (index, p) in PROVIDERS.iter().enumerate() {
            let Some(plan) = &p.savings_plan else {
                continue;
            };
            for n in 0..2u64 {
                let owner = billing_account_id(p, 0);
                let id = match p.cloud {
                    Cloud::Aws => format!(
                        "arn:aws:savingsplans::{owner}:savingsplan/{}",
                        guid(&[p.name, "sp"], n)
                    ),
                    Cloud::Azure => format!(
                        "/providers/Microsoft.BillingBenefits/savingsPlanOrders/{}/savingsPlans/{}",
                        guid(&[p.name, "spo"], n),
                        guid(&[p.name, "sp"], n)
                    ),
                    _ => format!(
                        "projects/{}/regions/us-central1/commitments/flex-cud-{n}",
                        sub_account_id(p, 0)
                    ),
                };
                let name = format!("{} {} year #{}", plan.kind, n + 1, n + 1);
                commitments.push(Commitment {
                    provider: index,
                    id,
                    name,
                    used: 0,
                });
            }
        }
        Generator {
            rng: Rng(seed),
            row: Row::new(),
            commitments,
        }
    }

    /// Rows written at the end: one Purchase and one Unused row per commitment.
    fn tail_rows(&self) -> u64 {
        self.commitments.len() as u64 * 2
    }

    fn choose_charge(&mut self) -> Charge {
        let roll = self.rng.unit();
        if roll < 0.76 {
            Charge::OnDemand
        } else if roll < 0.80 {
            Charge::Spot
        } else if roll < 0.92 && !self.commitments.is_empty() {
            Charge::Committed(self.rng.below(self.commitments.len() as u64) as usize)
        } else if roll < 0.95 {
            Charge::Tax
        } else if roll < 0.98 {
            Charge::Credit
        } else {
            Charge::Support
        }
    }

    /// Fills `self.row` with the next generated row.
    fn next_row(&mut self) {
        self.row.clear();
        match self.choose_charge() {
            Charge::Committed(k) => {
                let provider = &PROVIDERS[self.commitments[k].provider];
                self.usage_row(provider, Charge::Committed(k));
            }
            charge => {
                let provider = self.rng.pick(&PROVIDERS);
                match charge {
                    Charge::Tax => self.tax_row(provider),
                    Charge::Credit => self.credit_row(provider),
                    Charge::Support => self.support_row(provider),
                    other => self.usage_row(provider, other),
                }
            }
        }
    }

    /// Columns every row has: period, provider, billing account, invoice, currency.
    fn common(&mut self, p: &Provider, account: u64) {
        let r = &mut self.row;
        r.set_datetime(C::BillingPeriodStart, PERIOD_START);
        r.set_datetime(C::BillingPeriodEnd, PERIOD_END);
        r.set(C::ProviderName, p.name);
        r.set(C::PublisherName, p.publisher);
        r.set(C::InvoiceIssuerName, p.issuer);
        r.set(C::BillingCurrency, p.currency);
        r.set(C::PricingCurrency, p.currency);
        let id = billing_account_id(p, account);
        r.set(C::BillingAccountId, &id);
        let name = format!(
            "{} {}",
            ["Acme Corp", "Acme Research", "Acme Retail"][account as usize % 3],
            p.billing_account_type
        );
        r.set(C::BillingAccountName, &name);
        r.set(C::BillingAccountType, p.billing_account_type);
        let invoice = format!(
            "INV-{}-202503-{}",
            code(&[p.name], 3),
            hash(&[&id], 7) % 100_000_000
        );
        r.set(C::InvoiceId, &invoice);
    }

    fn costs(&mut self, billed: i128, effective: i128, list: i128, contracted: i128) {
        let r = &mut self.row;
        r.set_decimal(C::BilledCost, billed);
        r.set_decimal(C::EffectiveCost, effective);
        r.set_decimal(C::PricingCurrencyEffectiveCost, effective);
        r.set_decimal(C::ListCost, list);
        r.set_decimal(C::ContractedCost, contracted);
    }

    fn unit_prices(&mut self, list: i128, contracted: i128, quantity: i128, unit: &str) {
        let r = &mut self.row;
        r.set_decimal(C::ListUnitPrice, list);
        r.set_decimal(C::PricingCurrencyListUnitPrice, list);
        r.set_decimal(C::ContractedUnitPrice, contracted);
        r.set_decimal(C::PricingCurrencyContractedUnitPrice, contracted);
        r.set_decimal(C::PricingQuantity, quantity);
        r.set(C::PricingUnit, unit);
    }

    fn usage_row(&mut self, p: &'static Provider, charge: Charge) {
        let services: Vec<&Service> = match charge {
            Charge::Committed(_) | Charge::Spot => {
                p.services.iter().filter(|s| s.committable).collect()
            }
            _ => p.services.iter().collect(),
        };
        // Datadog has no compute to discount: spot falls back to on-demand.
        let (service, charge) = match (services.is_empty(), charge) {
            (true, _) => (self.rng.pick(p.services), Charge::OnDemand),
            (false, charge) => (*self.rng.pick(&services), charge),
        };
        let sku = self.rng.pick(service.skus);
        let account = self.rng.below(BILLING_ACCOUNTS);
        let sub = self.rng.below(SUB_ACCOUNTS);
        let n = self.rng.below(RESOURCES_PER_SERVICE);
        let hour = self.rng.below(PERIOD_HOURS as u64) as i64;
        self.common(p, account);

        let sub_id = sub_account_id(p, sub);
        let (region, region_name) = if service.regional && !p.regions.is_empty() {
            p.regions[(hash(&[&sub_id, service.name], n) % p.regions.len() as u64) as usize]
        } else {
            ("", "")
        };
        let zone = if service.zonal {
            let letter = ["a", "b", "c"][(hash(&[&sub_id, "zone"], n) % 3) as usize];
            match p.cloud {
                Cloud::Azure => format!("{region}-{}", (hash(&[&sub_id, "zone"], n) % 3) + 1),
                Cloud::Gcp => format!("{region}-{letter}"),
                _ => format!("{region}{letter}"),
            }
        } else {
            String::new()
        };
        let (resource_id, resource_name) = resource(p, service, &sub_id, region, &zone, n);

        let r = &mut self.row;
        r.set(C::ChargeCategory, "Usage");
        r.set(C::ChargeFrequency, "Usage-Based");
        r.set_datetime(C::ChargePeriodStart, PERIOD_START + hour * 3600);
        r.set_datetime(C::ChargePeriodEnd, PERIOD_START + (hour + 1) * 3600);
        r.set(C::ServiceName, service.name);
        r.set(C::ServiceCategory, service.category);
        r.set(C::ServiceSubcategory, service.subcategory);
        r.set(C::SubAccountId, &sub_id);
        let sub_name = format!(
            "{}-{}",
            TEAMS[sub as usize % TEAMS.len()],
            ENVS[sub as usize % ENVS.len()]
        );
        r.set(C::SubAccountName, &sub_name);
        r.set(C::SubAccountType, p.sub_account_type);
        if !region.is_empty() {
            r.set(C::RegionId, region);
            r.set(C::RegionName, region_name);
        }
        if !zone.is_empty() {
            r.set(C::AvailabilityZone, &zone);
        }
        r.set(C::ResourceId, &resource_id);
        r.set(C::ResourceName, &resource_name);
        r.set(C::ResourceType, service.resource_type);
        let team = TEAMS[(hash(&[&sub_id], n) % TEAMS.len() as u64) as usize];
        let env = ENVS[(hash(&[&sub_id, "env"], n) % ENVS.len() as u64) as usize];
        let tags = match hash(&[&resource_id], 0) % 4 {
            0 => format!(r#"{{"team":"{team}","env":"{env}"}}"#),
            1 => format!(
                r#"{{"team":"{team}","env":"{env}","cost-center":"CC-{}","critical":true}}"#,
                1000 + n * 7
            ),
            2 => format!(
                r#"{{"team":"{team}","env":"{env}","owner":"{team}-oncall@example.com","app":"{}"}}"#,
                service.resource_kind
            ),
            _ => {
                format!(r#"{{"team":"{team}","env":"{env}","x_provider:managed-by":"terraform"}}"#)
            }
        };
        r.set(C::Tags, &tags);

        let sku_id = code(&[p.name, service.name, sku.meter], 10);
        r.set(C::SkuId, &sku_id);
        r.set(C::SkuMeter, sku.meter);
        r.set(C::SkuPriceDetails, sku.details);

        let (lo, hi) = sku.quantity_milli;
        let quantity = milli(lo + self.rng.below((hi - lo + 1) as u64) as i128);
        let base = prices(p, sku);
        let (category, price_suffix, contracted_price) = match charge {
            Charge::Spot => ("Dynamic", "SPOT", nano(sku.list_nano * 30 / 100)),
            Charge::Committed(_) => ("Committed", "SP", base.contracted),
            _ => ("Standard", "OD", base.contracted),
        };
        let r = &mut self.row;
        r.set(C::PricingCategory, category);
        let price_id = format!(
            "{sku_id}.{price_suffix}{}",
            code(&[&sku_id, price_suffix], 4)
        );
        r.set(C::SkuPriceId, &price_id);
        let consumed = quantity * sku.consumed_per_unit;
        r.set_decimal(C::ConsumedQuantity, consumed);
        r.set(C::ConsumedUnit, sku.consumed_unit);
        let list_cost = mul(base.list, quantity);
        let contracted_cost = mul(contracted_price, quantity);
        self.unit_prices(base.list, contracted_price, quantity, sku.pricing_unit);

        let description = match region {
            "" => format!("{} {}", service.name, sku.meter),
            region => format!("{} {} in {region}", service.name, sku.meter),
        };
        self.row.set(C::ChargeDescription, &description);
        match charge {
            Charge::Committed(k) => {
                // The plan's rate is 72% of the negotiated price; the usage is paid by it.
                let effective = contracted_cost * 72 / 100;
                let commitment = &mut self.commitments[k];
                commitment.used += effective;
                let (id, name) = (commitment.id.clone(), commitment.name.clone());
                self.commitment_columns(p, &id, &name, effective, Some("Used"));
                self.costs(0, effective, list_cost, contracted_cost);
            }
            _ => self.costs(contracted_cost, contracted_cost, list_cost, contracted_cost),
        }
    }

    fn commitment_columns(
        &mut self,
        p: &Provider,
        id: &str,
        name: &str,
        quantity: i128,
        status: Option<&str>,
    ) {
        let kind = p
            .savings_plan
            .as_ref()
            .map_or("Savings Plan", |plan| plan.kind);
        let r = &mut self.row;
        r.set(C::CommitmentDiscountId, id);
        r.set(C::CommitmentDiscountName, name);
        r.set(C::CommitmentDiscountCategory, "Spend");
        r.set(C::CommitmentDiscountType, kind);
        r.set_decimal(C::CommitmentDiscountQuantity, quantity);
        r.set(C::CommitmentDiscountUnit, p.currency);
        if let Some(status) = status {
            r.set(C::CommitmentDiscountStatus, status);
        }
    }

    fn month_period(&mut self) {
        self.row.set_datetime(C::ChargePeriodStart, PERIOD_START);
        self.row.set_datetime(C::ChargePeriodEnd, PERIOD_END);
    }

    fn tax_row(&mut self, p: &'static Provider) {
        let account = self.rng.below(BILLING_ACCOUNTS);
        self.common(p, account);
        let service = self.rng.pick(p.services);
        let amount = milli(1 + self.rng.below(2_000_000) as i128);
        let r = &mut self.row;
        r.set(C::ChargeCategory, "Tax");
        r.set(C::ChargeFrequency, "Recurring");
        r.set(C::ServiceName, service.name);
        r.set(C::ServiceCategory, service.category);
        r.set(C::ServiceSubcategory, service.subcategory);
        let description = format!("{} on {} charges for March 2025", p.tax_name, service.name);
        r.set(C::ChargeDescription, &description);
        self.month_period();
        self.costs(amount, amount, amount, amount);
    }

    fn credit_row(&mut self, p: &'static Provider) {
        let account = self.rng.below(BILLING_ACCOUNTS);
        self.common(p, account);
        let service = self.rng.pick(p.services);
        let amount = -milli(1_000 + self.rng.below(500_000) as i128);
        let r = &mut self.row;
        r.set(C::ChargeCategory, "Credit");
        r.set(C::ChargeFrequency, "One-Time");
        r.set(C::ServiceName, service.name);
        r.set(C::ServiceCategory, service.category);
        r.set(C::ServiceSubcategory, service.subcategory);
        let description = format!("Promotional credit for {}", service.name);
        r.set(C::ChargeDescription, &description);
        self.month_period();
        // A standalone credit: every cost column equals the billed amount.
        self.costs(amount, amount, amount, amount);
    }

    fn support_row(&mut self, p: &'static Provider) {
        let account = self.rng.below(BILLING_ACCOUNTS);
        self.common(p, account);
        let (service, plan, fee) = p.support;
        let sku_id = code(&[p.name, service], 10);
        let r = &mut self.row;
        r.set(C::ChargeCategory, "Purchase");
        r.set(C::ChargeFrequency, "Recurring");
        r.set(C::PricingCategory, "Standard");
        r.set(C::ServiceName, service);
        r.set(C::ServiceCategory, "Management and Governance");
        r.set(C::ServiceSubcategory, "Support");
        let description = format!("{plan} monthly fee");
        r.set(C::ChargeDescription, &description);
        r.set(C::SkuId, &sku_id);
        r.set(C::SkuMeter, "Support Fee");
        let price_id = format!("{sku_id}.MONTHLY");
        r.set(C::SkuPriceId, &price_id);
        self.month_period();
        let fee = fee * ONE;
        self.unit_prices(fee, fee, ONE, "Units");
        self.costs(fee, fee, fee, fee);
    }

    /// The Purchase row (`unused == false`) or the Unused row of commitment `k`. The plan
    /// costs what was used plus a leftover, so Used + Unused effective cost = purchase.
    fn commitment_row(&mut self, k: usize, unused: bool) {
        self.row.clear();
        let provider = &PROVIDERS[self.commitments[k].provider];
        let used = self.commitments[k].used;
        // Round the commitment up to whole currency units, with at least 3% left unused.
        let fee = (used * 103 / 100 / ONE + 1) * ONE;
        let leftover = fee - used;
        let (id, name) = (
            self.commitments[k].id.clone(),
            self.commitments[k].name.clone(),
        );
        self.common(provider, 0);
        let plan = provider
            .savings_plan
            .as_ref()
            .map_or(("Savings Plans", "Savings Plan"), |p| (p.service, p.kind));
        let sku_id = code(&[provider.name, plan.0], 10);
        let r = &mut self.row;
        r.set(C::ServiceName, plan.0);
        r.set(C::ServiceCategory, "Compute");
        r.set(C::ServiceSubcategory, "Other (Compute)");
        r.set(C::ResourceId, &id);
        r.set(C::ResourceName, &name);
        r.set(C::ResourceType, plan.1);
        r.set(C::SkuId, &sku_id);
        r.set(C::SkuMeter, "Commitment");
        let price_id = format!("{sku_id}.1YR");
        r.set(C::SkuPriceId, &price_id);
        r.set(
            C::SkuPriceDetails,
            r#"{"x_TermMonths":12,"x_PaymentOption":"No Upfront"}"#,
        );
        // One pricing unit is one unit of currency committed.
        self.month_period();
        if unused {
            let r = &mut self.row;
            r.set(C::PricingCategory, "Committed");
            r.set(C::ChargeCategory, "Usage");
            r.set(C::ChargeFrequency, "Usage-Based");
            let description = format!("Unused commitment of {name}");
            r.set(C::ChargeDescription, &description);
            self.unit_prices(ONE, ONE, leftover, "Units");
            self.commitment_columns(provider, &id, &name, leftover, Some("Unused"));
            self.costs(0, leftover, leftover, leftover);
        } else {
            let r = &mut self.row;
            r.set(C::PricingCategory, "Standard");
            r.set(C::ChargeCategory, "Purchase");
            r.set(C::ChargeFrequency, "Recurring");
            let description = format!("Monthly commitment fee of {name}");
            r.set(C::ChargeDescription, &description);
            self.unit_prices(ONE, ONE, fee, "Units");
            self.commitment_columns(provider, &id, &name, fee, None);
            // The purchase pays for usage: its effective cost sits on the usage rows.
            self.costs(fee, 0, fee, fee);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Output

/// Creates the file at `path`, and its folder when it is missing (`bench-data/` is not in
/// a fresh clone).
fn create_file(path: &str) -> std::io::Result<File> {
    if let Some(folder) = std::path::Path::new(path).parent() {
        if !folder.as_os_str().is_empty() {
            std::fs::create_dir_all(folder)?;
        }
    }
    File::create(path)
}

struct CsvOut {
    out: BufWriter<File>,
    line: String,
}

impl CsvOut {
    fn create(path: &str) -> std::io::Result<Self> {
        let mut out = BufWriter::with_capacity(1 << 20, create_file(path)?);
        writeln!(out, "{}", COLUMNS.join(","))?;
        Ok(CsvOut {
            out,
            line: String::with_capacity(4096),
        })
    }

    fn write(&mut self, row: &Row) -> std::io::Result<()> {
        self.line.clear();
        for (i, (cell, &present)) in row.cells.iter().zip(&row.present).enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            if !present {
                continue;
            }
            if cell.contains([',', '"', '\n', '\r']) {
                self.line.push('"');
                self.line.push_str(&cell.replace('"', "\"\""));
                self.line.push('"');
            } else {
                self.line.push_str(cell);
            }
        }
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes())
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(feature = "parquet")]
mod parquet_out {
    //! The typed Parquet twin of the CSV, written one batch at a time.

    use std::fs::File;
    use std::sync::Arc;

    use arrow_array::builder::{Decimal128Builder, StringBuilder, TimestampSecondBuilder};
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::WriterProperties;

    use super::{kind_of, Kind, Row, COLUMNS, ONE, SCALE};

    const BATCH_ROWS: usize = 8192;
    const ROW_GROUP_ROWS: usize = 65_536;

    enum Builder {
        Decimal(Decimal128Builder),
        DateTime(TimestampSecondBuilder),
        Text(StringBuilder),
    }

    pub struct ParquetOut {
        writer: ArrowWriter<File>,
        schema: SchemaRef,
        builders: Vec<Builder>,
        rows: usize,
    }

    fn new_builders() -> Vec<Builder> {
        (0..COLUMNS.len())
            .map(|i| match kind_of(i) {
                Kind::Decimal => Builder::Decimal(
                    Decimal128Builder::with_capacity(BATCH_ROWS)
                        .with_data_type(DataType::Decimal128(38, SCALE as i8)),
                ),
                Kind::DateTime => Builder::DateTime(
                    TimestampSecondBuilder::with_capacity(BATCH_ROWS).with_timezone("UTC"),
                ),
                Kind::Text => {
                    Builder::Text(StringBuilder::with_capacity(BATCH_ROWS, BATCH_ROWS * 32))
                }
            })
            .collect()
    }

    /// Parses the generator's own decimal text back to pico-units.
    fn parse_decimal(text: &str) -> i128 {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let whole: i128 = whole.parse().unwrap_or(0);
        let mut fraction_value: i128 = 0;
        for (i, digit) in fraction.bytes().enumerate().take(SCALE as usize) {
            fraction_value += i128::from(digit - b'0') * 10i128.pow(SCALE - 1 - i as u32);
        }
        let value = whole * ONE + fraction_value;
        if negative {
            -value
        } else {
            value
        }
    }

    /// Parses the generator's own `YYYY-MM-DDTHH:mm:ssZ` back to seconds since 1970.
    fn parse_datetime(text: &str) -> i64 {
        let number = |range: std::ops::Range<usize>| {
            text.get(range)
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or(0)
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        let (hour, minute, second) = (number(11..13), number(14..16), number(17..19));
        // Days-from-civil, after Howard Hinnant's public-domain algorithm.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 86_400 + hour * 3600 + minute * 60 + second
    }

    impl ParquetOut {
        pub fn create(path: &str) -> Result<Self, String> {
            let fields: Vec<Field> = (0..COLUMNS.len())
                .map(|i| {
                    let data_type = match kind_of(i) {
                        Kind::Decimal => DataType::Decimal128(38, SCALE as i8),
                        Kind::DateTime => DataType::Timestamp(TimeUnit::Second, Some("UTC".into())),
                        Kind::Text => DataType::Utf8,
                    };
                    Field::new(COLUMNS[i], data_type, true)
                })
                .collect();
            let schema = Arc::new(Schema::new(fields));
            let props = WriterProperties::builder()
                .set_compression(Compression::ZSTD(
                    ZstdLevel::try_new(3).map_err(|e| e.to_string())?,
                ))
                .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
                .build();
            let file = super::create_file(path).map_err(|e| format!("{path}: {e}"))?;
            let writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(props))
                .map_err(|e| e.to_string())?;
            Ok(ParquetOut {
                writer,
                schema,
                builders: new_builders(),
                rows: 0,
            })
        }

        pub fn write(&mut self, row: &Row) -> Result<(), String> {
            for ((builder, cell), &present) in
                self.builders.iter_mut().zip(&row.cells).zip(&row.present)
            {
                match builder {
                    Builder::Decimal(b) => b.append_option(present.then(|| parse_decimal(cell))),
                    Builder::DateTime(b) => b.append_option(present.then(|| parse_datetime(cell))),
                    Builder::Text(b) => b.append_option(present.then_some(cell.as_str())),
                }
            }
            self.rows += 1;
            if self.rows == BATCH_ROWS {
                self.flush()?;
            }
            Ok(())
        }

        fn flush(&mut self) -> Result<(), String> {
            if self.rows == 0 {
                return Ok(());
            }
            let columns: Vec<ArrayRef> = self
                .builders
                .iter_mut()
                .map(|builder| -> ArrayRef {
                    match builder {
                        Builder::Decimal(b) => Arc::new(b.finish()),
                        Builder::DateTime(b) => Arc::new(b.finish()),
                        Builder::Text(b) => Arc::new(b.finish()),
                    }
                })
                .collect();
            let batch = RecordBatch::try_new(Arc::clone(&self.schema), columns)
                .map_err(|e| e.to_string())?;
            self.writer.write(&batch).map_err(|e| e.to_string())?;
            self.rows = 0;
            Ok(())
        }

        pub fn finish(mut self) -> Result<(), String> {
            self.flush()?;
            self.writer.close().map(|_| ()).map_err(|e| e.to_string())
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn text_round_trips() {
            let mut text = String::new();
            super::super::write_decimal(&mut text, -12_345_000_000_000_001);
            assert_eq!(super::parse_decimal(&text), -12_345_000_000_000_001);
            let mut date = String::new();
            super::super::write_datetime(&mut date, super::super::PERIOD_END);
            assert_eq!(date, "2025-04-01T00:00:00Z");
            assert_eq!(super::parse_datetime(&date), super::super::PERIOD_END);
        }
    }
}

// ---------------------------------------------------------------------------------------

struct Args {
    rows: u64,
    out: String,
    parquet: Option<String>,
    seed: u64,
}

const USAGE: &str = "usage: gen_focus --rows N --out PATH.csv [--parquet PATH.parquet] [--seed S]";

fn parse_args() -> Result<Args, String> {
    let mut rows = None;
    let mut out = None;
    let mut parquet = None;
    let mut seed = 42;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--rows" => {
                rows = Some(
                    value()?
                        .parse::<u64>()
                        .map_err(|e| format!("--rows: {e}"))?,
                )
            }
            "--out" => out = Some(value()?),
            "--parquet" => parquet = Some(value()?),
            "--seed" => {
                seed = value()?
                    .parse::<u64>()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(Args {
        rows: rows.ok_or_else(|| format!("--rows is required\n{USAGE}"))?,
        out: out.ok_or_else(|| format!("--out is required\n{USAGE}"))?,
        parquet,
        seed,
    })
}

fn run(args: Args) -> Result<(), String> {
    let mut generator = Generator::new(args.seed);
    // Small files get no commitments rather than only commitment rows.
    if args.rows < generator.tail_rows() * 10 {
        generator.commitments.clear();
    }
    let mut csv = CsvOut::create(&args.out).map_err(|e| format!("{}: {e}", args.out))?;
    #[cfg(feature = "parquet")]
    let mut parquet = match &args.parquet {
        Some(path) => Some(parquet_out::ParquetOut::create(path)?),
        None => None,
    };
    #[cfg(not(feature = "parquet"))]
    if args.parquet.is_some() {
        return Err("this build has no Parquet support: build with the `parquet` feature".into());
    }
    let mut emit = |row: &Row| -> Result<(), String> {
        csv.write(row).map_err(|e| format!("{}: {e}", args.out))?;
        #[cfg(feature = "parquet")]
        if let Some(parquet) = parquet.as_mut() {
            parquet.write(row)?;
        }
        Ok(())
    };
    let body = args.rows - generator.tail_rows();
    for _ in 0..body {
        generator.next_row();
        emit(&generator.row)?;
    }
    for k in 0..generator.commitments.len() {
        for unused in [false, true] {
            generator.commitment_row(k, unused);
            emit(&generator.row)?;
        }
    }
    csv.finish().map_err(|e| format!("{}: {e}", args.out))?;
    #[cfg(feature = "parquet")]
    if let Some(parquet) = parquet {
        parquet.finish()?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let rows = args.rows;
    let out = args.out.clone();
    match run(args) {
        Ok(()) => {
            eprintln!("gen_focus: wrote {rows} rows to {out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gen_focus: {message}");
            ExitCode::FAILURE
        }
    }
}
