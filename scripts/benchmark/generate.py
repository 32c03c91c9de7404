#!/usr/bin/env python3
"""Write N synthetic, varied micro-credential course definitions (mcaudit/course@1).

    scripts/benchmark/generate.py OUTDIR [-n N] [--seed SEED]

Files are named course-00001.yaml ... in OUTDIR. Each file is derived from its own
seeded random generator (seed and file number), so the first 1,000 files of a
10,000-file run are byte-identical to a 1,000-file run. The courses use only the
fields of frameworks/course.vocabulary.yaml and vary provider country (IT, BE/VLG,
DE, IE, PT, ES, and a few NO, FR), themes, workload, levels, assessments and styles
(block and flow collections, folded scalars, comments). About one course in three
carries a deficiency (missing element, hours outside the national band, NQF/EQF
mismatch, attendance-only assessment, ...) so that rules fire.

Python 3 standard library only: the YAML text is written here.
"""

import argparse
import datetime
import os
import random
import re
import sys

# --------------------------------------------------------------------------------------
# A tiny YAML emitter (enough for course files: block and flow style, folded scalars)


class Flow:
    """Emit this dict or list in flow style ({a: b} / [a, b])."""

    def __init__(self, value):
        self.value = value


class Folded:
    """Emit this string as a folded block scalar (>-)."""

    def __init__(self, text):
        self.text = text


_NEEDS_QUOTE_WORDS = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|"
    r"on|On|ON|off|Off|OFF|y|Y|n|N)$")
_LOOKS_NUMERIC = re.compile(
    r"^[-+]?(?:\.?[0-9][0-9_.,:eE+-]*|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN|0x[0-9a-fA-F]+|0o[0-7]+)$")
_LOOKS_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_PLAIN_START_BAD = set("-?:,[]{}#&*!|>'\"%@` ")


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scalar_str(s, flow=False):
    """A string as a plain scalar if that reads back as the same string, else quoted."""
    if (s == "" or s[0] in _PLAIN_START_BAD or s[-1] in " :" or ": " in s or " #" in s
            or "\n" in s or "\t" in s or _NEEDS_QUOTE_WORDS.match(s)
            or _LOOKS_NUMERIC.match(s) or _LOOKS_DATE.match(s)
            or (flow and any(c in s for c in ",[]{}"))):
        return quote(s)
    return s


def scalar(v, flow=False):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, RawScalar):
        return v.text
    return scalar_str(v, flow)


class RawScalar:
    """Emitted verbatim (e.g. an unquoted NO, which YAML 1.2 reads as a string)."""

    def __init__(self, text):
        self.text = text


def flow_text(v):
    if isinstance(v, Flow):
        v = v.value
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {flow_text(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow_text(x) for x in v) + "]"
    return scalar(v, flow=True)


def emit_map(d, indent, out, first_prefix=None):
    pad = " " * indent
    for i, (k, v) in enumerate(d.items()):
        lead = first_prefix if (i == 0 and first_prefix is not None) else pad
        if isinstance(v, Flow) or (isinstance(v, (dict, list)) and not v):
            out.append(f"{lead}{k}: {flow_text(v)}")
        elif isinstance(v, Folded):
            out.append(f"{lead}{k}: >-")
            for line in v.text:
                out.append(f"{pad}  {line}")
        elif isinstance(v, dict):
            out.append(f"{lead}{k}:")
            emit_map(v, indent + 2, out)
        elif isinstance(v, list):
            out.append(f"{lead}{k}:")
            emit_list(v, indent + 2, out)
        else:
            out.append(f"{lead}{k}: {scalar(v)}")


def emit_list(items, indent, out):
    pad = " " * indent
    for v in items:
        if isinstance(v, dict) and v:
            emit_map(v, indent + 2, out, first_prefix=pad + "- ")
        elif isinstance(v, list) and v:
            out.append(f"{pad}- {flow_text(v)}")
        else:
            out.append(f"{pad}- {flow_text(v)}")


# --------------------------------------------------------------------------------------
# Content pools

PROVIDERS = {
    "IT": [
        ("Università di Bologna", "I BOLOGNA01", True, True),
        ("Politecnico di Milano", "I MILANO02", True, True),
        ("Università degli Studi di Roma Tor Vergata", "I ROMA02", True, True),
        ("Università degli Studi di Padova", "I PADOVA01", True, True),
        ("Università Commerciale Luigi Bocconi", "I MILANO03", True, False),
        ("Scuola Nazionale dell'Amministrazione", "SNA-IT-0042", False, True),
    ],
    "BE": [
        ("KU Leuven", "B LEUVEN01", True, True),
        ("Universiteit Gent", "B GENT01", True, True),
        ("Universiteit Antwerpen", "B ANTWERP01", True, True),
        ("Vrije Universiteit Brussel", "B BRUSSEL01", True, True),
        ("Hogeschool Odisee", "B BRUSSEL46", True, True),
        ("Vlaams Instituut voor Overheidsopdrachten vzw", "0712.345.678", False, False),
    ],
    "DE": [
        ("Technische Universität München", "D MUNCHEN02", True, True),
        ("Gottfried Wilhelm Leibniz Universität Hannover", "D HANNOVE01", True, True),
        ("Universität Hamburg", "D HAMBURG01", True, True),
        ("FernUniversität in Hagen", "D HAGEN01", True, True),
        ("Akademie für Öffentliches Beschaffungswesen GmbH", "HRB 123456", False, False),
    ],
    "IE": [
        ("University College Dublin", "IRLDUBLIN02", True, True),
        ("Trinity College Dublin", "IRLDUBLIN01", True, True),
        ("Dublin City University", "IRLDUBLIN04", True, True),
        ("University of Galway", "IRLGALWAY01", True, True),
        ("Technological University Dublin", "IRLDUBLIN27", True, True),
        ("Institute of Public Administration", "IE-CRO-18453", False, True),
    ],
    "PT": [
        ("Universidade do Minho", "P BRAGA01", True, True),
        ("Universidade Aberta", "P LISBOA02", True, True),
        ("Universidade de Lisboa", "P LISBOA109", True, True),
        ("Universidade do Porto", "P PORTO02", True, True),
        ("Universidade Católica Portuguesa", "P LISBOA03", True, False),
    ],
    "ES": [
        ("Universitat de les Illes Balears", "E PALMA01", True, True),
        ("Universidad de Salamanca", "E SALAMAN02", True, True),
        ("Universidad Miguel Hernández de Elche", "E ELCHE01", True, True),
        ("Universitat Politècnica de València", "E VALENCI02", True, True),
        ("Universidade de Santiago de Compostela", "E SANTIAG01", True, True),
        ("Universidad de Navarra", "E PAMPLON01", True, False),
    ],
    "NO": [
        ("Norges teknisk-naturvitenskapelige universitet (NTNU)", "N TRONDHE01", True, True),
        ("Universitetet i Oslo", "N OSLO01", True, True),
    ],
    "FR": [
        ("Université Paris-Saclay", "F PARIS470", True, True),
        ("Sorbonne Université", "F PARIS468", True, True),
        ("Université de Strasbourg", "F STRASBO48", True, True),
    ],
}

# Country weights: the six national frameworks dominate, a few others appear.
COUNTRY_WEIGHTS = [("IT", 18), ("BE", 16), ("DE", 15), ("IE", 14), ("PT", 13), ("ES", 16),
                   ("NO", 4), ("FR", 4)]

LANGS = {"IT": ["it", "en"], "BE": ["nl", "en", "fr"], "DE": ["de", "en"], "IE": ["en", "ga"],
         "PT": ["pt", "en"], "ES": ["es", "en", "ca", "gl"], "NO": ["nb", "en"],
         "FR": ["fr", "en"]}

NQF = {"BE": "VKS", "DE": "DQR", "IE": "NFQ-IE", "IT": "QNQ-IT", "PT": "QNQ-PT", "ES": "MECES"}
# EQF level -> national level (the referencing tables; IE/ES differ from EQF).
NQF_FROM_EQF = {
    "VKS": lambda e: e, "DQR": lambda e: e, "QNQ-IT": lambda e: e, "QNQ-PT": lambda e: e,
    "NFQ-IE": lambda e: {5: 6, 6: 8, 7: 9, 8: 10}.get(e, 6),
    "MECES": lambda e: {5: 1, 6: 2, 7: 3, 8: 4}.get(e, 2),
}
# Hours per ECTS band by country (national conventions); default the EU 25-30.
HOURS_BAND = {"IT": (25, 25), "IE": (20, 25), "PT": (25, 28)}

TOPICS = {
    "procurement": [
        "Sustainable Public Procurement in the Digital Age", "Public Procurement Fundamentals",
        "Strategic Sourcing for Public Buyers", "Contract Management in Public Procurement",
        "Innovation Procurement", "e-Procurement and Data-Driven Purchasing",
        "Tender Evaluation and Award Criteria", "Green Public Procurement",
    ],
    "sustainability": [
        "Circular Economy for Practitioners", "Climate Literacy for Public Servants",
        "Sustainability Reporting under the CSRD", "Life-Cycle Costing",
        "Sustainable Supply Chains", "Biodiversity and Land Use Planning",
    ],
    "ai_digital": [
        "AI Literacy for Decision Makers", "Data Analytics with Python",
        "Responsible AI: the AI Act in Practice", "Cybersecurity Essentials",
        "Digital Transformation of Public Services", "Machine Learning for Engineers",
    ],
    None: [
        "Academic Writing in English", "Project Management Essentials", "Intercultural Communication",
        "Entrepreneurship and Innovation", "Health Economics", "Leadership in Higher Education",
        "Introduction to Cultural Heritage Management",
    ],
}

OUTCOMES = {
    "procurement": [
        "Design a sustainable public procurement tender",
        "Apply award criteria based on the most economically advantageous tender",
        "Explain the lifecycle of a public contract and the duties of each phase",
        "Plan market engagement before a call for tenders",
        "Interpret the legal framework of Directive 2014/24/EU",
        "Identify risks of collusion and conflicts of interest in a tender",
        "Draft technical specifications that include environmental criteria",
        "Define key performance indicators for contract management",
        "Evaluate tenders against pre-defined award criteria",
        "Use e-procurement platforms to publish and manage a call",
    ],
    "sustainability": [
        "Estimate the carbon footprint of an organisation",
        "Compare circular-economy business models",
        "Relate the Sustainable Development Goals to their own sector",
        "Carry out a life-cycle cost analysis",
        "Weigh trade-offs between economic, social and environmental goals",
        "Develop a plan to reduce waste in a supply chain",
        "Critically appraise sustainability claims in corporate reports",
        "Promote sustainable behaviour in their team",
    ],
    "ai_digital": [
        "Classify AI systems according to the risk classes of the EU AI Act",
        "Build a data-cleaning pipeline for tabular data",
        "Recognise the limits and biases of generative AI tools",
        "Prepare a basic threat model for an information system",
        "Use digital tools to collaborate in a distributed team",
        "Design a dashboard that supports a management decision",
        "Train and validate a simple machine-learning model",
        "Protect personal data in line with the GDPR",
    ],
    None: [
        "Prepare a project plan with milestones and a budget",
        "Write a structured argument in a short academic essay",
        "Map the main stakeholders of a project",
        "Give feedback to peers in a constructive way",
        "Develop a business model canvas for a new idea",
        "Discuss the ethical issues of their professional practice",
        "Communicate effectively in an intercultural team",
        "Analyse the cost-effectiveness of a health intervention",
    ],
}
QUALIFIERS = ["", "", "", " for their own organisation", " in a real case", " under supervision",
              " independently", ", using the methods taught in the course"]
FRAMEWORK_OF = {"procurement": "ProcurCompEU", "sustainability": "GreenComp", "ai_digital": "DigComp"}
GREENCOMP = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3"]
DIGCOMP = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3",
           "3.4", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4"]
SDGS = ["4.4", "4.7", "8.2", "9.4", "11.6", "12.2", "12.5", "12.6", "12.7", "13.2", "13.3", "16.6"]
PROCUR_LEVELS = ["basic", "intermediate", "advanced", "expert"]

ASSESSMENT_TYPES = ["written_exam", "quiz", "oral_exam", "practical", "case_study", "project",
                    "portfolio", "artefact", "peer", "continuous"]
SUPERVISION = ["unsupervised_no_id", "supervised_no_id", "supervised_with_id"]
GRADING = ["pass/fail", "0–30", "A–F", "0–20", "1.0–5.0", "0–100 %", "distinction/merit/pass"]
ASSESS_DESC = [
    "Learners prepare a tender dossier for a real purchase of their own organisation.",
    "A timed multiple-choice test on the key concepts of each module.",
    "A short oral defence of the project in front of two examiners.",
    "Learners analyse a published case and present recommendations.",
    "A portfolio of weekly reflections and exercises, assessed against a rubric.",
    "Peer review of a draft deliverable using a shared rubric.",
]
SHOWS = ["learner_identification", "date_of_issuing", "title", "issuer_country", "awarding_body",
         "learning_outcomes", "workload", "level", "assessment_type", "participation_form",
         "qa_type", "prerequisites", "supervision", "grade", "stackability",
         "further_information"]
QA_BODIES = {
    "IT": ["Presidio della Qualità di Ateneo", "ANVUR"], "BE": ["Dienst Kwaliteitszorg", "NVAO"],
    "DE": ["Qualitätsmanagement der Hochschule", "Akkreditierungsrat"],
    "IE": ["Academic Council", "QQI"], "PT": ["Gabinete de Qualidade", "A3ES"],
    "ES": ["Unidad de Calidad (SIGC)", "ANECA"], "NO": ["Kvalitetssystem", "NOKUT"],
    "FR": ["Direction de la qualité", "Hcéres"],
}
PREREQS = [
    "A bachelor's degree or equivalent professional experience",
    "Basic knowledge of public procurement law",
    "None; the course is open to all employees of public bodies",
    "Working knowledge of English (CEFR B2)",
    "At least two years of professional experience in a purchasing role",
]
STACK_TOWARDS = [("master", "Master in Public Procurement Management"),
                 ("postgraduate", "Postgraduate Certificate in Sustainability"),
                 ("bachelor", None), ("micro_degree", "Micro Degree in Digital Skills")]
DESCRIPTIONS = [
    ["A short, practice-oriented course for professionals who want to update their skills",
     "without enrolling in a full degree programme. It combines online self-study with",
     "workshops on site."],
    ["Designed with employers from the region, the course addresses a skills gap identified",
     "in the last labour-market survey; participants work on cases from their own organisation."],
    ["This micro-credential is part of a series that can be stacked towards a larger award.",
     "Each unit is assessed separately and certified with a digital credential."],
]


# --------------------------------------------------------------------------------------
# One course


def slug(text):
    s = text.lower()
    for a, b in (("à", "a"), ("á", "a"), ("è", "e"), ("é", "e"), ("ì", "i"), ("í", "i"),
                 ("ò", "o"), ("ó", "o"), ("ù", "u"), ("ú", "u"), ("ü", "u"), ("ö", "o"),
                 ("ä", "a"), ("ç", "c"), ("ñ", "n"), ("ã", "a"), ("õ", "o")):
        s = s.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def esco_uri(rng):
    h = "%032x" % rng.getrandbits(128)
    kind = "skill" if rng.random() < 0.85 else "occupation"
    return f"http://data.europa.eu/esco/{kind}/{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def organisation(rng, country, flow, minimal=False):
    name, ident, is_hei, is_public = rng.choice(PROVIDERS[country])
    org = {"legal_name": name}
    if not minimal:
        org["identifier"] = ident
    org["country"] = country_value(rng, country)
    if country == "BE":
        org["region"] = "VLG"
    if not minimal:
        org["is_hei"] = is_hei
        org["is_public"] = is_public
    return Flow(org) if flow else org


def country_value(rng, country):
    # NO is a string under YAML 1.2 (the spec says it stays a string); write it both ways.
    if country == "NO" and rng.random() < 0.5:
        return RawScalar("NO")
    return country


def learning_outcome(rng, theme, eqf):
    text = rng.choice(OUTCOMES[theme]) + rng.choice(QUALIFIERS)
    r = rng.random()
    if r < 0.35:
        return text                                   # the string shorthand
    lo = {"text": text}
    if rng.random() < 0.6:
        lo["esco"] = Flow([esco_uri(rng) for _ in range(rng.randint(1, 2))])
    fw = FRAMEWORK_OF.get(theme)
    if fw and rng.random() < 0.8:
        entries = []
        for _ in range(rng.randint(1, 2)):
            if fw == "ProcurCompEU":
                entries.append({"framework": fw, "code": f"C{rng.randint(1, 30)}",
                                "level": rng.choice(PROCUR_LEVELS)})
            elif fw == "GreenComp":
                e = {"framework": fw, "code": rng.choice(GREENCOMP)}
                if rng.random() < 0.1:
                    e["level"] = "intermediate"       # GreenComp has no levels (a rule fires)
                entries.append(e)
            else:
                entries.append({"framework": fw, "code": rng.choice(DIGCOMP),
                                "level": str(min(8, max(1, eqf + rng.randint(-2, 1))))})
        lo["frameworks"] = [Flow(e) for e in entries] if rng.random() < 0.6 else entries
    return lo


def course(i, seed):
    rng = random.Random(seed * 1_000_003 + i)
    countries, weights = zip(*COUNTRY_WEIGHTS)
    country = rng.choices(countries, weights)[0]
    flowish = rng.random() < 0.5                      # prefer flow collections in this file

    # Themes: about 60 % of the courses claim one or two.
    themes = []
    r = rng.random()
    if r < 0.6:
        themes = rng.sample(["procurement", "sustainability", "ai_digital"], 1 if r < 0.42 else 2)
    main_theme = themes[0] if themes else None

    title = rng.choice(TOPICS[main_theme])
    year = rng.choice([2023, 2024, 2025, 2026])
    prov_name = rng.choice(PROVIDERS[country])[0]
    cid = f"{slug(prov_name)[:18].strip('-')}-{slug(title)[:24].strip('-')}-{year}-{i:05d}"

    # Deficiencies: each independently, so some courses carry several.
    defect = lambda p: rng.random() < p  # noqa: E731

    c = {}
    c["format"] = "mcaudit/course@1"
    c["id"] = cid
    if not defect(0.03):
        c["title"] = title if not defect(0.02) else ""
    if rng.random() < 0.3:
        c["description"] = Folded(rng.choice(DESCRIPTIONS))
    langs = LANGS[country]
    c["languages"] = Flow([langs[0]] + rng.sample(langs[1:], rng.choice([0, 0, 1])))
    c["credential_type"] = "micro_credential"

    # Provider, awarding bodies, partners.
    name, ident, is_hei, is_public = next(p for p in PROVIDERS[country] if p[0] == prov_name)
    provider = {"legal_name": name}
    if not defect(0.05):
        provider["identifier"] = ident
    if not defect(0.02):
        provider["country"] = country_value(rng, country)
    if country == "BE":
        provider["region"] = "VLG" if not defect(0.05) else None
    elif rng.random() < 0.3:
        provider["region"] = None
    provider["is_hei"] = is_hei
    provider["is_public"] = is_public
    c["provider"] = provider
    if not defect(0.05):
        bodies = [Flow({"legal_name": name, "country": country_value(rng, country)})]
        c["awarding_bodies"] = bodies
    if rng.random() < 0.25:
        partners = []
        for _ in range(rng.randint(1, 2)):
            pc = rng.choices(countries, weights)[0]
            p = organisation(rng, pc, flow=False, minimal=rng.random() < 0.5)
            p["role"] = rng.choice(["co_provider", "co_provider", "awarding_body", "associate"])
            partners.append(Flow(p) if flowish else p)
        c["partners"] = partners

    # Learning outcomes.
    eqf = rng.choices([4, 5, 6, 7, 8], [3, 10, 35, 40, 12])[0]
    los = [learning_outcome(rng, main_theme if rng.random() < 0.8 else rng.choice(themes or [None]), eqf)
           for _ in range(rng.randint(3, 6))]
    if defect(0.02):
        los[rng.randrange(len(los))] = ""             # an empty outcome
    c["learning_outcomes"] = los

    # Workload.
    ects = rng.choice([1, 2, 2.5, 3, 3, 4, 5, 5, 5, 6, 6, 7.5, 10, 10, 12, 15, 20])
    if country == "ES" and defect(0.15):
        ects = rng.choice([15, 18, 20])               # not below 15: ES-MC-ECTS-MAX
    if country == "BE" and defect(0.1):
        ects = rng.choice([1, 2, 25])                 # outside the Flemish 3-20 band
    lo_h, hi_h = HOURS_BAND.get(country, (25, 30))
    per = rng.uniform(lo_h, hi_h)
    if defect(0.15):
        per = rng.choice([lo_h - rng.uniform(3, 10), hi_h + rng.uniform(3, 15)])
    hours = int(round(ects * per))
    workload = {}
    if not defect(0.04):
        workload["ects"] = ects
    if rng.random() < 0.8:
        workload["notional_hours"] = hours
    if workload and not defect(0.02):
        c["workload"] = Flow(workload) if flowish else workload

    # Level.
    level = {}
    if defect(0.04):
        level = {"not_applicable": True}
    elif not defect(0.03):
        level["eqf"] = eqf
        fw = NQF.get(country)
        if fw and rng.random() < 0.75:
            n = NQF_FROM_EQF[fw](eqf)
            if defect(0.06):                    # NQF/EQF mismatch, within the levels 1-10
                d = rng.choice([-1, 1])
                n = n + d if 1 <= n + d <= 10 else n - d
            level["nqf"] = Flow({"framework": fw, "level": n})
        if rng.random() < 0.6 and eqf >= 5:
            level["qf_ehea_cycle"] = {5: "short", 6: "first", 7: "second", 8: "third"}[eqf]
        if rng.random() < 0.3:
            level["not_applicable"] = False
    if level:
        c["level"] = level

    # Assessment.
    if defect(0.04):
        assessments = [{"type": "attendance", "summative": False}]
    elif defect(0.02):
        assessments = None
    else:
        assessments = []
        for _ in range(rng.randint(1, 3)):
            a = {"type": rng.choice(ASSESSMENT_TYPES), "summative": rng.random() < 0.8}
            if rng.random() < 0.5:
                a["real_case"] = rng.random() < 0.6
            if rng.random() < 0.85:
                a["supervision"] = rng.choice(SUPERVISION)
            if rng.random() < 0.6:
                a["grading"] = rng.choice(GRADING)
            if rng.random() < 0.3:
                a["description"] = rng.choice(ASSESS_DESC)
            assessments.append(a)
    if assessments is not None:
        c["assessment"] = assessments

    # Participation and schedule.
    if not defect(0.03):
        mode = rng.choices(["onsite", "online", "blended", "volunteering", "work_experience"],
                           [25, 35, 35, 2, 3])[0]
        part = {"mode": mode}
        if rng.random() < 0.8:
            part["pace"] = rng.choice(["scheduled", "self_paced"])
        c["participation"] = Flow(part) if flowish else part
    start = datetime.date(year, rng.randint(1, 11), rng.randint(1, 28))
    end = start + datetime.timedelta(days=rng.randint(14, 180))
    if rng.random() < 0.9:
        c["schedule"] = Flow({"start": start, "end": end}) if rng.random() < 0.7 else {"start": start, "end": end}

    # Quality assurance, admission, stackability, certificate.
    if not defect(0.05):
        qa_type = rng.choice(["internal", "internal", "external", "internal_and_external",
                              "sector_label"])
        body = QA_BODIES[country][0 if qa_type == "internal" else rng.randint(0, 1)]
        qa = {"type": qa_type, "body": body,
              "reference": (f"QA-{year}-{rng.randint(100, 999)}" if rng.random() < 0.6 else None)}
        c["quality_assurance"] = Flow(qa) if flowish else qa
    adm = {}
    if rng.random() < 0.8:
        adm["prerequisites"] = rng.choice(PREREQS) if rng.random() < 0.85 else None
    adm["requires_degree"] = rng.random() < 0.4
    if rng.random() < 0.35:
        lo_age = rng.choice([18, 23, 25, 30])
        adm["age_min"] = lo_age
        adm["age_max"] = rng.choice([None, 64, 65, 70])
    c["admission"] = Flow(adm) if (flowish or rng.random() < 0.3) else adm
    if rng.random() < 0.85:
        if rng.random() < 0.55:
            t, ti = rng.choice(STACK_TOWARDS)
            c["stackability"] = {"mode": "stackable",
                                 "towards": [Flow({"type": t, "title": ti})]}
        else:
            c["stackability"] = Flow({"mode": "standalone"})
    cert = {"digital": rng.random() < 0.8}
    cert["format"] = rng.choice(["edc", "edc", "open_badges_3", "open_badges_2", "pdf", "other"]
                                if cert["digital"] else ["pdf", "other"])
    shows = ["learner_identification", "date_of_issuing"]
    if defect(0.06):
        shows.remove(rng.choice(shows))
    shows += rng.sample(SHOWS[2:], rng.randint(2, 8))
    cert["shows"] = Flow(shows) if rng.random() < 0.7 else shows
    c["certificate"] = cert
    if rng.random() < 0.2:
        c["funding"] = Flow({"programme": rng.choice(["none", "other"]), "region": None})

    # Themes and thematic data.
    if themes:
        c["themes"] = Flow(themes)
    if "procurement" in themes and not defect(0.08):
        c["procurement"] = Flow({"group": rng.randint(1, 3)})
    if "sustainability" in themes and not defect(0.08):
        c["sustainability"] = Flow({"sdgs": sorted(rng.sample(SDGS, rng.randint(1, 3)), key=float),
                                    "greencomp": sorted(rng.sample(GREENCOMP, rng.randint(1, 3)))})
    if "ai_digital" in themes and not defect(0.08):
        c["digital"] = Flow({"digcomp": sorted(rng.sample(DIGCOMP, rng.randint(1, 3))),
                             "ai_literacy": rng.random() < 0.6})

    # Review.
    if rng.random() < 0.85:
        last = datetime.date(rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
        review = {"last_reviewed": last, "cycle_months": rng.choice([6, 12, 12, 24, 36])}
        review["feedback"] = Flow(rng.sample(["learners", "employers", "teachers", "alumni", "experts"],
                                             rng.randint(1, 3)))
        c["review"] = Flow(review) if flowish else review
    if rng.random() < 0.5:
        c["further_information"] = f"https://www.example.{country.lower()}/micro-credentials/{cid}"
    return c


def render(i, seed):
    c = course(i, seed)
    out = [f"# Synthetic course {i:05d} (mcaudit benchmark, seed {seed})"]
    emit_map(c, 0, out)
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("-n", "--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=2025)
    args = ap.parse_args(argv)
    os.makedirs(args.outdir, exist_ok=True)
    total = 0
    for i in range(1, args.count + 1):
        text = render(i, args.seed).encode("utf-8")
        total += len(text)
        with open(os.path.join(args.outdir, f"course-{i:05d}.yaml"), "wb") as f:
            f.write(text)
    print(f"wrote {args.count} files, {total} bytes (mean {total / max(1, args.count):.0f} B) "
          f"to {args.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
