//! The staffing plan: certified people required by company size, held, missing, and
//! what the missing ones cost by each path (exam only, self-paced, instructor-led).

use serde::Serialize;

use super::assessment::{Assessment, PathOverrides};
use super::program::{CertKind, Program};

/// The staffing plan of one assessment for one program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Staffing {
    /// Employees of the parent organization, as assessed.
    pub company_size: u64,
    /// The tier that size falls in, as the source labels it ("500 – 4,999").
    pub tier: String,
    /// How company size is meant.
    pub size_note: String,
    /// FinOps Certified Practitioners (absent when the program does not ask for them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practitioner: Option<KindPlan>,
    /// FinOps Certified Professionals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub professional: Option<KindPlan>,
    /// FinOps Certified FOCUS Analysts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus_analyst: Option<KindPlan>,
    /// Cost of all missing certifications by path, in whole US dollars, counting only
    /// known prices (see `unpriced`).
    pub total_cost: Cost,
    /// Kinds with missing people whose price is unknown, so `total_cost` is a floor.
    pub unpriced: Vec<CertKind>,
    /// Whether every missing certification is covered by the staff held.
    pub complete: bool,
}

impl Staffing {
    /// The plan for `kind`, if the program asks for it.
    pub fn get(&self, kind: CertKind) -> Option<&KindPlan> {
        match kind {
            CertKind::Practitioner => self.practitioner.as_ref(),
            CertKind::Professional => self.professional.as_ref(),
            CertKind::FocusAnalyst => self.focus_analyst.as_ref(),
        }
    }

    /// The plans the program asks for, in result order.
    pub fn kinds(&self) -> Vec<(CertKind, &KindPlan)> {
        CertKind::ALL
            .into_iter()
            .filter_map(|k| self.get(k).map(|p| (k, p)))
            .collect()
    }
}

/// Required, held and missing people for one certification kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindPlan {
    /// The certification's name.
    pub name: String,
    /// Number the tier requires.
    pub required: u64,
    /// Number that count toward it (for Practitioners: Practitioners + Engineers where
    /// the program counts Engineers).
    pub held: u64,
    /// Holders of this very certification.
    pub held_certified: u64,
    /// FinOps Certified Engineers counted toward it (Practitioner only; 0 otherwise).
    pub engineers_counted: u64,
    /// `required - held`, never below 0.
    pub missing: u64,
    /// Cost of the missing ones by path; `None` where the price is unknown.
    pub cost: Cost,
    /// The price per person used for each path, and where it came from.
    pub prices: UnitPrices,
}

/// Dollars by path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Cost {
    /// Exam only.
    pub exam_only: Option<u64>,
    /// Self-paced course with exam.
    pub self_paced: Option<u64>,
    /// Instructor-led training with exam.
    pub instructor_led: Option<u64>,
}

/// The price of one certification by path, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitPrices {
    /// Exam only.
    pub exam_only: UnitPrice,
    /// Self-paced course with exam.
    pub self_paced: UnitPrice,
    /// Instructor-led training with exam.
    pub instructor_led: UnitPrice,
}

/// One price per person and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitPrice {
    /// Whole US dollars; `None` when no source gives it.
    pub usd: Option<u64>,
    /// The program data's source text, or "assessment prices" for an override.
    pub source: String,
}

/// Builds the staffing plan of `assessment` for `program`.
pub fn plan(program: &Program, assessment: &Assessment) -> Staffing {
    let size = assessment.company_size;
    let tier = program.tier_for(size);
    let staff = &assessment.certified_staff;
    let mut plans: [Option<KindPlan>; 3] = [None, None, None];
    let mut total = Cost {
        exam_only: Some(0),
        self_paced: Some(0),
        instructor_led: Some(0),
    };
    let mut unpriced = Vec::new();
    for (slot, kind) in CertKind::ALL.into_iter().enumerate() {
        let Some(required) = tier.and_then(|t| t.required.get(kind)) else {
            continue;
        };
        let (held_certified, engineers_counted) = match kind {
            CertKind::Practitioner if program.staff.engineer_counts_as_practitioner => {
                (staff.practitioner, staff.engineer)
            }
            CertKind::Practitioner => (staff.practitioner, 0),
            CertKind::Professional => (staff.professional, 0),
            CertKind::FocusAnalyst => (staff.focus_analyst, 0),
        };
        let held = held_certified.saturating_add(engineers_counted);
        let missing = required.saturating_sub(held);
        let prices = unit_prices(program, assessment, kind);
        let cost = Cost {
            exam_only: times(missing, prices.exam_only.usd),
            self_paced: times(missing, prices.self_paced.usd),
            instructor_led: times(missing, prices.instructor_led.usd),
        };
        if missing > 0
            && [cost.exam_only, cost.self_paced, cost.instructor_led]
                .iter()
                .any(Option::is_none)
        {
            unpriced.push(kind);
        }
        total.exam_only = add_known(total.exam_only, cost.exam_only);
        total.self_paced = add_known(total.self_paced, cost.self_paced);
        total.instructor_led = add_known(total.instructor_led, cost.instructor_led);
        plans[slot] = Some(KindPlan {
            name: kind.title().to_string(),
            required,
            held,
            held_certified,
            engineers_counted,
            missing,
            cost,
            prices,
        });
    }
    let complete = plans.iter().flatten().all(|p| p.missing == 0);
    let [practitioner, professional, focus_analyst] = plans;
    Staffing {
        company_size: size,
        tier: tier.map(|t| t.label.clone()).unwrap_or_default(),
        size_note: program.staff.size_note.clone(),
        practitioner,
        professional,
        focus_analyst,
        total_cost: total,
        unpriced,
        complete,
    }
}

/// Missing people times a price; 0 people cost nothing even at an unknown price.
fn times(missing: u64, usd: Option<u64>) -> Option<u64> {
    if missing == 0 {
        return Some(0);
    }
    usd.map(|p| p.saturating_mul(missing))
}

/// Totals add the known costs only; `unpriced` says which are left out.
fn add_known(total: Option<u64>, cost: Option<u64>) -> Option<u64> {
    Some(total.unwrap_or(0).saturating_add(cost.unwrap_or(0)))
}

/// The price per person for each path: the assessment's override when given, else the
/// program's, else unknown.
fn unit_prices(program: &Program, assessment: &Assessment, kind: CertKind) -> UnitPrices {
    let overrides: &PathOverrides = match kind {
        CertKind::Practitioner => &assessment.prices.practitioner,
        CertKind::Professional => &assessment.prices.professional,
        CertKind::FocusAnalyst => &assessment.prices.focus_analyst,
    };
    let from_program = program.prices.get(kind);
    let pick = |over: Option<u64>, path: &str| -> UnitPrice {
        if let Some(usd) = over {
            return UnitPrice {
                usd: Some(usd),
                source: format!("assessment prices.{}.{path}", kind.key()),
            };
        }
        let price = from_program.map(|p| match path {
            "exam_only" => &p.exam_only,
            "self_paced" => &p.self_paced,
            _ => &p.instructor_led,
        });
        match price {
            Some(p) => UnitPrice {
                usd: p.usd,
                source: p.source.clone(),
            },
            None => UnitPrice {
                usd: None,
                source: format!(
                    "no price in the program data; set prices.{}.{path} in the assessment",
                    kind.key()
                ),
            },
        }
    };
    UnitPrices {
        exam_only: pick(overrides.exam_only, "exam_only"),
        self_paced: pick(overrides.self_paced, "self_paced"),
        instructor_led: pick(overrides.instructor_led, "instructor_led"),
    }
}
