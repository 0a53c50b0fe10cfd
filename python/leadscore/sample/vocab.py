"""The generator's vocabulary: activity types and page paths, names, job titles, lead
sources, industries, countries, company-name parts, e-mail domains, and the labels of
segments, reps, channels, stages, groups and verdicts.

Kept apart from the simulation so the constants (and the effects tied to them) can be
read and tuned in one place; codes elsewhere are positions in these lists.
"""

from __future__ import annotations

import numpy as np

# --- activity vocabulary ---------------------------------------------------------------
# Codes are positions in ACTIVITY_TYPES; the event arrays carry these small ints.
(
    PAGE_VIEW,
    CONTENT_DOWNLOAD,
    CASE_STUDY,
    PRICING,
    DEMO,
    TRIAL,
    LOGIN,
    FEATURE,
    INTEGRATION,
    TEAMMATE,
    EMAIL_OPEN,
    EMAIL_CLICK,
    UNSUBSCRIBE,
    WEBINAR_REG,
    WEBINAR_ATT,
    FORM_SUBMIT,
    CHAT,
    CONTRACT,
    ONBOARDING,
    INVOICE,
) = range(20)
ACTIVITY_TYPES: list[str | None] = [
    "Page View",
    "Content Download",
    "Case Study View",
    "Pricing Page View",
    "Demo Request",
    "Trial Signup",
    "Product Login",
    "Feature Used",
    "Integration Connected",
    "Teammate Invited",
    "Email Open",
    "Email Click",
    "Email Unsubscribe",
    "Webinar Registered",
    "Webinar Attended",
    "Form Submit",
    "Chat Started",
    "Contract Signed",
    "Onboarding Call",
    "Invoice Paid",
    # junk a real export carries; the pipeline must keep or count it, never crash on it
    "test_event",
    "",
    None,
    "null",
    "N/A",
]
POST_CONVERSION_TYPES = ("Contract Signed", "Onboarding Call", "Invoice Paid")
_POST_CODES = np.array([CONTRACT, ONBOARDING, INVOICE])
_JUNK_CODES = np.arange(20, len(ACTIVITY_TYPES))
# pre-conversion types used for orphan rows (orphans must not fake a post-conversion event)
_ORPHAN_CODES = np.array([PAGE_VIEW, PAGE_VIEW, PAGE_VIEW, EMAIL_OPEN, EMAIL_OPEN, PRICING, FORM_SUBMIT])

# page_path vocabulary: one flat list, with named pools as (offset, size) slices of it.
_PATH_POOLS: dict[str, list[str]] = {
    "marketing": [
        "/",
        "/product",
        "/product/scoring",
        "/product/integrations",
        "/blog/lead-scoring-101",
        "/blog/pipeline-hygiene",
        "/blog/revops-metrics",
        "/about",
        "/careers",
        "/docs/getting-started",
        "/security",
        "/partners",
    ],
    "content": [
        "/resources/ebook-predictive-scoring",
        "/resources/whitepaper-revops",
        "/resources/benchmark-report-2026",
        "/resources/template-icp",
    ],
    "case_study": [
        "/customers/northwind",
        "/customers/globex",
        "/customers/initech",
        "/customers/umbrella-health",
    ],
    "webinar": ["/webinars/scoring-masterclass", "/webinars/revops-summit", "/webinars/product-tour"],
    "feature": [
        "/app/reports",
        "/app/dashboards",
        "/app/pipeline",
        "/app/forecasting",
        "/app/automation",
        "/app/lead-routing",
        "/app/settings",
    ],
    "integration": [
        "salesforce",
        "hubspot",
        "slack",
        "google-workspace",
        "snowflake",
        "zapier",
        "microsoft-teams",
    ],
    "pricing": ["/pricing"],
    "demo": ["/demo"],
    "signup": ["/signup"],
    "app": ["/app/home"],
    "form": ["/contact", "/demo", "/newsletter"],
    "chat": ["/pricing", "/", "/product"],
}
PATHS: list[str] = [p for pool in _PATH_POOLS.values() for p in pool]
_POOL_SLICES: dict[str, tuple[int, int]] = {}
_offset = 0
for _name, _pool in _PATH_POOLS.items():
    _POOL_SLICES[_name] = (_offset, len(_pool))
    _offset += len(_pool)


def _words(text: str) -> list[str]:
    """Word lists as one readable string rather than a one-name-per-line literal."""
    return text.split()


# --- people and company vocabulary ---------------------------------------------------
# (display, ascii for e-mail local parts); the last three are only used for bots.
FIRST_NAMES: list[tuple[str, str]] = [
    (n, n.lower())
    for n in _words(
        "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth Wei Li Priya "
        "Rahul Arjun Ananya Lucas Gabriel Ana Thomas Anna Lukas Sophie Camille Hugo Oliver Amelia "
        "Harry Emily Noah Emma Liam Olivia Hiroshi Yuki Fatima Mohammed Aisha Sven Ingrid Pierre "
        "Giulia Marco Sofia Mateo Valentina"
    )
] + [
    ("José", "jose"),
    ("María", "maria"),
    ("João", "joao"),
    ("Jürgen", "juergen"),
    ("Léa", "lea"),
    ("Chloé", "chloe"),
    ("test", "test"),
    ("asdf", "asdf"),
    ("xxx", "xxx"),
]
_N_REAL_FIRST = len(FIRST_NAMES) - 3
LAST_NAMES: list[tuple[str, str]] = [
    (n, n.lower())
    for n in _words(
        "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Schmidt "
        "Schneider Fischer Weber Martin Bernard Dubois Durand Silva Santos Oliveira Souza Patel "
        "Sharma Singh Kumar Gupta Chen Wang Li Zhang Tanaka Suzuki Nguyen Kim Park Murphy Taylor "
        "Wilson Anderson Thomas Moore Jackson White Harris Clark Lewis Rossi Russo Hansen "
        "Johansson Kowalski Novak Ivanova"
    )
] + [
    ("Müller", "mueller"),
    ("Lefèvre", "lefevre"),
    ("O'Brien", "obrien"),
    ("Fernández", "fernandez"),
    ("López", "lopez"),
    ("González", "gonzalez"),
]

# (title, seniority 0=unknown 1=IC 2=manager 3=director/head 4=VP 5=C-level/owner, technical, weight)
TITLES: list[tuple[str | None, int, bool, float]] = [
    ("VP Sales", 4, False, 3),
    ("vice-president, marketing", 4, False, 2),
    ("SVP Marketing", 4, False, 1),
    ("Head of IT", 3, True, 2),
    ("Head of Growth", 3, False, 2),
    ("CTO", 5, True, 2),
    ("Chief Revenue Officer", 5, False, 1.5),
    ("COO", 5, False, 1),
    ("Director of Engineering", 3, True, 2),
    ("Director, Sales Ops", 3, False, 2),
    ("Sr. Manager, Demand Gen", 2, False, 3),
    ("Marketing Manager", 2, False, 4),
    ("Sales Operations Manager", 2, False, 3),
    ("Revenue Operations Lead", 2, False, 2),
    ("IT Manager", 2, True, 2),
    ("Software Engineer", 1, True, 6),
    ("Data Engineer", 1, True, 3),
    ("Marketing Coordinator", 1, False, 5),
    ("Account Executive", 1, False, 4),
    ("Analyst", 1, False, 5),
    ("Consultant", 1, False, 3),
    ("Gerente de Ventas", 2, False, 2),
    ("Directeur Commercial", 3, False, 2),
    ("Geschäftsführer", 5, False, 2),
    ("Responsable informatique", 2, True, 2),
    ("Owner", 5, False, 3),
    ("founder & CEO", 5, False, 2),
    ("Intern", 1, False, 1.5),
    ("", 0, False, 4),
    (None, 0, False, 6),
    ("student", 0, False, 0),  # only drawn for students
]
_STUDENT_TITLE = len(TITLES) - 1
_INTERN_TITLE = next(i for i, t in enumerate(TITLES) if t[0] == "Intern")
_TITLE_SENIORITY = np.array([t[1] for t in TITLES])
_TITLE_TECHNICAL = np.array([t[2] for t in TITLES])
_TITLE_WEIGHTS = np.array([t[3] for t in TITLES], dtype=float)
_SENIORITY_EFFECT = np.array([-0.3, -0.4, 0.1, 0.5, 0.7, 0.6])

LEAD_SOURCES = [
    "organic search",
    "paid search",
    "webinar",
    "referral",
    "partner",
    "event",
    "outbound",
    "content syndication",
    "direct",
]
_SOURCE_WEIGHTS = np.array([0.22, 0.15, 0.08, 0.06, 0.05, 0.07, 0.12, 0.12, 0.13])
_SOURCE_EFFECT = np.array([0.0, -0.1, 0.2, 0.7, 0.6, 0.2, -0.3, -0.6, 0.3])
_BOT_SOURCES = np.array([0, 1, 8])  # organic, paid, direct
_STUDENT_SOURCES = np.array([0, 2, 7, 8])
# utm_campaign names per source; None = that source carries no campaign
_UTM: list[list[str] | None] = [
    None,
    ["brand_search", "nonbrand_search", "competitor_terms"],
    ["webinar_scoring_masterclass", "webinar_revops_summit"],
    None,
    ["partner_program"],
    ["event_saastr", "event_dreamforce", "event_local_meetup"],
    ["outbound_seq_a", "outbound_seq_b"],
    ["synd_techtarget", "synd_integrate", "synd_netline"],
    None,
]

# (industry, weight, propensity effect, revenue-per-employee effect)
INDUSTRIES: list[tuple[str, float, float, float]] = [
    ("software", 0.20, 0.4, 0.3),
    ("financial services", 0.12, 0.2, 0.6),
    ("healthcare", 0.10, 0.0, 0.0),
    ("manufacturing", 0.11, -0.1, 0.1),
    ("retail", 0.09, -0.2, -0.2),
    ("education", 0.06, -0.5, -0.6),
    ("government", 0.04, -0.6, -0.3),
    ("media", 0.06, 0.0, -0.1),
    ("professional services", 0.10, 0.1, 0.0),
    ("telecommunications", 0.05, 0.1, 0.4),
    ("nonprofit", 0.03, -0.5, -0.8),
    ("energy", 0.04, 0.0, 0.7),
]
_INDUSTRY_EFFECT = np.array([i[2] for i in INDUSTRIES])

# (canonical, weight, messy spellings seen in exports, corporate TLD, company suffixes)
COUNTRIES: list[tuple[str, float, list[str], str, list[str]]] = [
    (
        "US",
        0.38,
        ["US", "USA", "United States", "united states of america", "U.S.", "us"],
        ".com",
        ["Inc.", "LLC", "Corp.", ""],
    ),
    ("GB", 0.11, ["U.K.", "United Kingdom", "GB", "UK", "england"], ".co.uk", ["Ltd", "plc", ""]),
    ("DE", 0.09, ["Deutschland", "Germany", "DE", "germany "], ".de", ["GmbH", "AG", "GmbH & Co. KG"]),
    ("FR", 0.07, ["France", "FR", "france"], ".fr", ["SAS", "SA", ""]),
    ("BR", 0.05, ["Brasil", "Brazil", "BR"], ".com.br", ["Ltda", "S.A."]),
    ("IN", 0.07, ["India", "IN", "india"], ".in", ["Pvt Ltd", "Ltd"]),
    ("CA", 0.06, [" canada ", "Canada", "CA"], ".ca", ["Inc.", "Ltd", ""]),
    ("NL", 0.03, ["Netherlands", "NL", "The Netherlands", "Nederland"], ".nl", ["B.V.", ""]),
    ("ES", 0.03, ["Spain", "España", "ES"], ".es", ["S.L.", "S.A."]),
    ("AU", 0.04, ["Australia", "AU"], ".com.au", ["Pty Ltd", ""]),
    ("MX", 0.02, ["Mexico", "México", "MX"], ".com.mx", ["S.A. de C.V.", ""]),
    ("JP", 0.02, ["Japan", "JP"], ".jp", ["K.K.", ""]),
    ("SE", 0.015, ["Sweden", "SE", "Sverige"], ".se", ["AB", ""]),
    ("SG", 0.015, ["Singapore", "SG"], ".sg", ["Pte Ltd", ""]),
]
_COUNTRY_WEIGHTS = np.array([c[1] for c in COUNTRIES])
_COUNTRY_WEIGHTS = _COUNTRY_WEIGHTS / _COUNTRY_WEIGHTS.sum()

_NAME_HEADS = _words(
    "Acme Apex Blue North Bright Cedar Summit Silver Iron Nova Quantum Vertex Harbor Pioneer "
    "Granite Evergreen Atlas Orion Crimson Golden Polar Rapid Sterling Titan Urban Vista Zenith "
    "Alpine Coastal Delta Echo Falcon Horizon Keystone Lumen Maple Meridian Oak Pacific Prairie "
    "Redwood Sage Sierra Solar Spruce Union Willow"
)
_NAME_TAILS = _words(
    "Analytics Systems Labs Logistics Health Foods Capital Partners Software Networks Media "
    "Industries Dynamics Solutions Energy Retail Bank Insurance Robotics Motors Pharma Studios "
    "Telecom Learning Consulting Group Holdings Works Data Cloud"
)
FREE_MAIL = ["gmail.com", "yahoo.com", "outlook.com", "gmx.de", "hotmail.com", "icloud.com"]
EDU_MAIL = ["stanford.edu", "mit.edu", "umich.edu", "ox.ac.uk", "ucl.ac.uk", "ed.ac.uk"]
DISPOSABLE_MAIL = ["mailinator.com", "guerrillamail.com", "10minutemail.com"]
COMPETITOR_MAIL = ["rivalscore.io", "pipelinepilot.com", "leadlytics.ai"]
CORPORATE, FREE, EDU, DISPOSABLE, COMPETITOR = range(5)
_EMAIL_EFFECT = np.array([0.3, -0.5, -2.0, -2.5, -1.0])

# latent segments
BUYER, TIRE_KICKER, NURTURE, UNSUBSCRIBER, STUDENT, BOT = range(6)
N_REPS = 40
REP_IDS = [f"R{i:03d}" for i in range(1, N_REPS + 1)]
CHANNELS = ["call", "email", "linkedin"]
STAGES = ["open", "closed_won", "closed_lost"]
GROUPS = ["outreach", "holdout"]
VERDICTS = ["accepted", "rejected", "not_a_lead"]
COMMENTS: list[list[str | None]] = [
    ["Good fit, meeting booked", "Budget confirmed", "Strong interest in pricing", "Handed to AE", "", None],
    ["No budget this year", "Too small", "Not the decision maker", "Bad timing, revisit Q3", None],
    ["Student project", "Bot / spam traffic", "Competitor doing research", "Fake contact details", "Job applicant"],
]
