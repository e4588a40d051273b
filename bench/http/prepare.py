#!/usr/bin/env python3
"""Signs in and works out what bench/http/run.sh measures.

    bench/http/prepare.py BASE_URL WORKDIR

Signs in demo_admin, demo_county and demo_applicant, finds the pages and ids the rows need (the
deep pages depend on N), writes the draft-save body to WORKDIR/put.json and prints one
tab-separated line per row of the table ("-" where a field is empty):

    label  who  method  path  cookie  csrf  body_file

Each target is requested once first and must answer 2xx, so a wrong URL or an expired session
stops the bench instead of filling a row with fast error pages.
"""
import json
import math
import os
import sys
import urllib.error
import urllib.request

PASSWORD = "Shenbao@2023"  # every demo account's (README.md)
PER_PAGE = 50  # the UI's page size


def call(base, method, path, cookie=None, csrf=None, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else body.encode())
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if cookie:
        req.add_header("Cookie", cookie)
    if csrf:
        req.add_header("X-CSRF-Token", csrf)
    try:
        with urllib.request.urlopen(req, timeout=120) as res:
            return res.status, res.headers, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as e:
        sys.exit(f"prepare.py: {method} {path} answered {e.code}: {e.read()[:300]!r}")


def sign_in(base, username):
    _, headers, body = call(base, "POST", "/api/v1/session",
                            body=json.dumps({"username": username, "password": PASSWORD}))
    sid = next((c.split(";")[0] for c in headers.get_all("Set-Cookie") or [] if c.startswith("sid=")), None)
    if not sid:
        sys.exit(f"prepare.py: signing in {username} set no sid cookie")
    return sid, body["csrf_token"]


def list_path(page):
    return f"/api/v1/applications?page={page}&per_page={PER_PAGE}"


def deep_page(total, preferred=None):
    """`preferred` if the list has that many pages, else the page at 80 % of the last one."""
    last = max(1, math.ceil(total / PER_PAGE))
    if preferred and preferred <= last:
        return preferred
    return max(1, math.ceil(last * 0.8))


def main():
    base, workdir = sys.argv[1], sys.argv[2]
    admin, county, applicant = (sign_in(base, u) for u in ("demo_admin", "demo_county", "demo_applicant"))

    _, _, admin_list = call(base, "GET", list_path(1), admin[0])
    _, _, county_list = call(base, "GET", list_path(1), county[0])
    admin_pages, county_pages = (math.ceil(x["total"] / PER_PAGE) for x in (admin_list, county_list))
    admin_deep = deep_page(admin_list["total"])
    county_deep = deep_page(county_list["total"], preferred=150)

    # the same deep pages by keyset (?after= the last id of the page before), as the UI's 下一页 asks
    def cursor(who, page):
        if page <= 1:
            return 0
        _, _, before = call(base, "GET", list_path(page - 1), who[0])
        return before["items"][-1]["id"]
    admin_after, county_after = cursor(admin, admin_deep), cursor(county, county_deep)

    # the demo's own submitted 玄武区 application (lowest id in the county's list): it has real
    # attachments and history, as an application someone opens would
    detail_id = county_list["items"][0]["id"]

    # demo_applicant's draft, saved the way the UI autosaves: one whole section (a sent section
    # replaces the stored one), here `project` with its name changed
    _, _, own = call(base, "GET", "/api/v1/applications", applicant[0])
    draft = next((a for a in own["items"] if a["status"] == "draft"), None)
    if draft is None:
        sys.exit("prepare.py: demo_applicant has no draft to save")
    _, _, full = call(base, "GET", f"/api/v1/applications/{draft['id']}", applicant[0])
    # "@N@" becomes a counter in every request (wrk.lua): each save writes something new
    project = dict(full["project"], name=full["project"]["name"] + "（基准保存 @N@）")
    body_file = os.path.join(workdir, "put.json")
    with open(body_file, "w", encoding="utf-8") as f:
        json.dump({"project": project}, f, ensure_ascii=False)

    rows = [
        ("GET /healthz (ceiling)", "anonymous", "GET", "/healthz", None, None, None),
        (f"GET /applications/{detail_id}", "demo_admin", "GET", f"/api/v1/applications/{detail_id}",
         admin[0], None, None),
        (f"GET /applications?page=1 (of {admin_pages})", "demo_admin", "GET", list_path(1), admin[0], None, None),
        (f"GET /applications?page={admin_deep} (of {admin_pages})", "demo_admin", "GET", list_path(admin_deep),
         admin[0], None, None),
        (f"GET /applications?after= (page {admin_deep})", "demo_admin", "GET",
         f"/api/v1/applications?after={admin_after}&per_page={PER_PAGE}", admin[0], None, None),
        (f"GET /applications?page=1 (of {county_pages})", "demo_county", "GET", list_path(1), county[0], None, None),
        (f"GET /applications?page={county_deep} (of {county_pages})", "demo_county", "GET", list_path(county_deep),
         county[0], None, None),
        (f"GET /applications?after= (page {county_deep})", "demo_county", "GET",
         f"/api/v1/applications?after={county_after}&per_page={PER_PAGE}", county[0], None, None),
        (f"PUT /applications/{draft['id']} (draft save)", "demo_applicant", "PUT",
         f"/api/v1/applications/{draft['id']}", applicant[0], applicant[1], body_file),
    ]
    for label, who, method, path, cookie, csrf, body in rows:
        data = None
        if body:
            with open(body, encoding="utf-8") as f:
                data = f.read()
        status, _, _ = call(base, method, path, cookie, csrf, data)
        if not 200 <= status < 300:
            sys.exit(f"prepare.py: {label}: {method} {path} answered {status}")
        # "-" for an empty field: bash's `read` would merge two tabs in a row
        print("\t".join([label, who, method, path, cookie or "-", csrf or "-", body or "-"]))
    print(f"prepare.py: the province's list has {admin_list['total']} applications ({admin_pages} pages of"
          f" {PER_PAGE}), 玄武区's {county_list['total']} ({county_pages} pages)", file=sys.stderr)


if __name__ == "__main__":
    main()
