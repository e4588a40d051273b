#!/usr/bin/env python3
"""Adds N generated applications to a shenbao database made by `shenbao demo`.

    bench/http/gen.py DB N [SEED]

Used by bench/http/run.sh (make bench-http); not a test fixture. Every generated application is a
copy of the demo's submitted 玄武区 application (the template) with its own unit and applicant
account, project name, category, region, status and submission number, and the events the real
workflow would have written. The copy takes every column of the template row as PRAGMA table_info
lists it, so a column added to `applications` later (with a default, or filled in by the demo)
comes along without touching this file.

Distribution (the shape of a busy call):
  - half of them go to 玄武区 (county review, 320102), so one county's list is deep;
  - of the rest, 80 % go to a county-level authority chosen from every county/district/county_city
    region, 10 % are 市直 (city review, review_region = a city code) and 10 % 省直 (department
    review, review_department = an active department);
  - statuses: ~5 % draft, then mostly submitted, some county_recommended (county level only, and
    not for the three counties that report to the province), city_recommended, returned, rejected.
Everything goes in one transaction with executemany, so N=100,000 takes seconds.
"""
import json
import random
import sqlite3
import sys
import time

TOPICS = [  # (project name stem, category)
    ("城市运行“一网统管”平台", "governance"),
    ("政务数据共享交换平台", "governance"),
    ("基层社会治理数字化平台", "governance"),
    ("工业互联网标识解析应用", "economy"),
    ("制造业智改数转服务平台", "economy"),
    ("跨境电商数字化服务平台", "economy"),
    ("智慧社区综合服务平台", "livelihood"),
    ("互联网医院协同平台", "livelihood"),
    ("智慧教育云平台", "livelihood"),
    ("城市级物联感知网络", "infrastructure"),
    ("算力调度与数据中心", "infrastructure"),
    ("5G 融合应用示范网络", "infrastructure"),
]

# status, weight (percent); county_recommended is replaced where the workflow cannot produce it
STATUSES = [("draft", 5), ("submitted", 65), ("county_recommended", 12), ("city_recommended", 8),
            ("returned", 5), ("rejected", 5)]

# the review event that led to a status: (action, reason)
REVIEW_ACTION = {
    "county_recommended": ("recommend", ""),
    "city_recommended": ("recommend", ""),
    "returned": ("return", "请补充项目总投入证明"),
    "rejected": ("reject", "不符合申报条件"),
}
REVIEWER_ROLE = {"county": "county_reviewer", "city": "city_reviewer", "department": "department_reviewer"}


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: gen.py DB N [SEED]")
    db, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) == 4 else 2023)
    started = time.monotonic()

    c = sqlite3.connect(db, timeout=30)
    c.execute("PRAGMA foreign_keys = ON")  # the references are checked, as the server checks them
    # a throw-away bench database: no journal and no fsync while loading (WAL would write every page
    # twice), and room for the whole load in the cache; the server turns WAL back on when it opens it
    c.execute("PRAGMA journal_mode = OFF")
    c.execute("PRAGMA synchronous = OFF")
    c.execute("PRAGMA cache_size = -262144")
    c.row_factory = sqlite3.Row

    tpl = c.execute("SELECT * FROM applications WHERE status = 'submitted' AND review_level = 'county'"
                    " AND review_region = '320102' ORDER BY id LIMIT 1").fetchone()
    if tpl is None:
        sys.exit("gen.py: no submitted 玄武区 application in the demo data to copy")
    tpl = dict(tpl)
    form = json.loads(tpl["form"])
    owner_hash = c.execute("SELECT password_hash FROM users WHERE id = ?", (tpl["owner_id"],)).fetchone()[0]

    # every column but the key, straight from the table, so new columns are copied from the template
    cols = [r["name"] for r in c.execute("PRAGMA table_info(applications)") if r["name"] != "id"]

    regions = c.execute("SELECT code, name, parent_code, reports_to_province FROM regions"
                        " WHERE level IN ('county', 'district', 'county_city') ORDER BY code").fetchall()
    cities = c.execute("SELECT code, name FROM regions WHERE level = 'city' ORDER BY code").fetchall()
    departments = [r[0] for r in c.execute("SELECT code FROM departments WHERE active = 1 ORDER BY code")]
    xuanwu = c.execute("SELECT code, name, parent_code, reports_to_province FROM regions"
                       " WHERE code = '320102'").fetchone()
    status_names = [s for s, _ in STATUSES]
    status_weights = [w for _, w in STATUSES]

    campaign = tpl["campaign"]
    seq = c.execute("SELECT coalesce(max(submission_seq), 0) FROM applications WHERE campaign = ?",
                    (campaign,)).fetchone()[0]
    first_unit = c.execute("SELECT coalesce(max(id), 0) + 1 FROM units").fetchone()[0]
    first_user = c.execute("SELECT coalesce(max(id), 0) + 1 FROM users").fetchone()[0]
    first_app = c.execute("SELECT coalesce(max(id), 0) + 1 FROM applications").fetchone()[0]
    # created over the first two weeks of July 2023, before the demo clock (2023-07-15 10:00 +08)
    t0 = 1688140800  # 2023-07-01 00:00 +08:00

    units, users, apps, events = [], [], [], []
    for i in range(n):
        unit_id, user_id, app_id = first_unit + i, first_user + i, first_app + i
        r = rng.random()
        if r < 0.5:
            level, reg = "county", xuanwu
        elif r < 0.9:
            level, reg = "county", rng.choice(regions)
        elif r < 0.95:
            level, reg = "city", rng.choice(cities)
        else:
            level, reg = "department", rng.choice(regions)
        dept = rng.choice(departments) if level == "department" else ""
        status = rng.choices(status_names, status_weights)[0]
        if status == "county_recommended" and (level != "county" or reg["reports_to_province"]):
            status = "city_recommended"  # only a county reporting to its city recommends to the city
        topic, category = TOPICS[i % len(TOPICS)]
        project_name = f"{reg['name']}{topic}（基准{i + 1}）"
        unit_name = f"基准测试单位{i + 1:06d}（{reg['name']}）"
        # 18 characters, unique by i; the demo's codes contain letters, so they never collide
        credit_code = f"91{reg['code']}{i + 1:010d}"
        affiliation = {"county": "county", "city": "city_direct", "department": "province_direct"}[level]
        project_region = "320000" if level == "department" else reg["code"]

        created = t0 + rng.randrange(13 * 86400)
        units.append((unit_id, credit_code, unit_name, created))
        users.append((user_id, f"bench_unit_{i + 1:06d}", owner_hash, unit_name, unit_id, created))

        form["cover"]["project_name"] = project_name
        form["cover"]["applicant_unit"] = unit_name
        form["unit"].update(name=unit_name, credit_code=credit_code, region_code=reg["code"],
                            affiliation=affiliation, department_code=dept)
        form["project"].update(name=project_name, category=category, region_code=project_region)

        row = dict(tpl)
        row.update(unit_id=unit_id, owner_id=user_id, status=status, project_name=project_name,
                   category=category, affiliation=affiliation, unit_region=reg["code"],
                   project_region=project_region, created_at=created, form=json.dumps(
                       form, ensure_ascii=False, separators=(",", ":")))
        events.append((app_id, created, user_id, "applicant", "create", None, "draft", ""))
        if status == "draft":
            # never submitted: the CHECK (review_level IS NULL) = (submitted_at IS NULL) holds
            row.update(review_level=None, review_region=None, review_department=None,
                       submission_seq=None, submission_no=None, submitted_at=None, updated_at=created)
            if "review_city" in row:
                row["review_city"] = None
        else:
            seq += 1
            submitted = created + rng.randrange(3600, 86400)
            row.update(review_level=level, review_region=None if level == "department" else reg["code"],
                       review_department=dept or None, submission_seq=seq,
                       submission_no=f"ZHJS{campaign}-{seq:04d}", submitted_at=submitted, updated_at=submitted)
            if "review_city" in row:
                # the city-level authority that sends it on (domain/application.c app_route)
                row["review_city"] = (None if level == "department" else reg["code"] if level == "city"
                                      or reg["reports_to_province"] else reg["parent_code"])
            events.append((app_id, submitted, user_id, "applicant", "submit", "draft", "submitted", ""))
            if status in REVIEW_ACTION:
                action, reason = REVIEW_ACTION[status]
                reviewed = submitted + rng.randrange(3600, 2 * 86400)
                events.append((app_id, reviewed, None, REVIEWER_ROLE[level], action, "submitted", status, reason))
                row["updated_at"] = reviewed
        apps.append((app_id,) + tuple(row[k] for k in cols))

    with c:  # one transaction
        c.executemany("INSERT INTO units (id, credit_code, name, created_at) VALUES (?, ?, ?, ?)", units)
        c.executemany("INSERT INTO users (id, username, password_hash, role, name, unit_id, created_at)"
                      " VALUES (?, ?, ?, 'applicant', ?, ?, ?)", users)
        c.executemany(f"INSERT INTO applications (id, {', '.join(cols)}) VALUES ({', '.join('?' * (len(cols) + 1))})",
                      apps)
        c.executemany("INSERT INTO application_events (application_id, at, user_id, role, action, from_status,"
                      " to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", events)
    # no ANALYZE: the server never runs it, so its query plans are those of a database without statistics
    c.execute("PRAGMA journal_mode = WAL")
    counts = dict(c.execute("SELECT status, count(*) FROM applications GROUP BY status").fetchall())
    total = sum(counts.values())
    c.close()
    print(f"gen.py: {n} applications added in {time.monotonic() - started:.1f} s; "
          f"{total} in all: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
