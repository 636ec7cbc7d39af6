#!/usr/bin/env python3
"""Writes tests/cases/hu-orszaggyules-2018-provisional.json from the transcribed NVI tables
in tests/data/hu-orszaggyules-2018/ (see the README there for where each file comes from).

The NVI's vote-count tables of the 2018 election (szeredmf: result headers, szeredmt:
result items), as dumped by sztupy/valasztas-adatbazis at a provisional stage (98.96% of
the polling-station records in, every mail vote counted): per district every candidate's
votes (szav), fragment votes (torsz) and the winner (mand = 1); nationally every list's
votes, fragment votes, votes for the allocation (mandszav) and seats. Candidates are
labelled by the list of the organisations that nominated them (jlcssor: candidate ->
organisation(s), two for a joint candidate; tlista + the 'L' rows of jlcssor: list ->
organisation(s)); a candidate whose organisations have no list on the ballot is labelled
by the organisation's short name, an independent (no row in jlcssor) as FÜGGETLEN with the
candidate's id.

Checks (any failure stops the script): every district has exactly one winner, the one
szeredmf names; every candidate's fragment votes follow §15 (a loser passes on all his
votes, the winner his votes less the runner-up's less one); the fragment votes of the
candidates of each list over the threshold add up to that list's national torsz; the
national mandszav is szav + torsz for those lists and szav - quota for the German list.

Run: python3 scripts/cases/hu-orszaggyules-2018.py > tests/cases/hu-orszaggyules-2018-provisional.json
"""
import csv
import json
import os
import sys
from collections import defaultdict

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "tests", "data", "hu-orszaggyules-2018")
REPO = "https://github.com/sztupy/valasztas-adatbazis/blob"


def rows(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter=";"))


def fail(msg):
    sys.exit(f"hu-orszaggyules-2018: {msg}")


orgs = {r["szkod"]: r for r in rows("szervezet.csv")}
list_orgs = {r["tlid"]: r["szkod"] for r in rows("lista-szervezet.csv")}
lists = {r["tlid"]: r for r in rows("tlista.csv")}
areas = {r["maz"]: r["mnev"] for r in rows("terulet.csv")}
cand_orgs = {r["eid"]: r["szkod"] for r in rows("jelolt-szervezet.csv")}
quota = int(rows("hatarszamf.csv")[0]["hszav4"])


def list_name(tlid):
    t = lists[tlid]
    if t["ltip"] == "N" or t["tnev"] == "-":
        # Nationality lists by their self-government's name (as the law names them); a
        # party list without a tabular name by its organisation's name.
        return orgs[list_orgs[tlid]]["tnev"]
    return t["tnev"]


# Lists on the ballot (allapot 1), by the organisations that stand behind them.
on_ballot = {tlid: list_name(tlid) for tlid, t in lists.items() if t["allapot"] == "1"}
by_orgs = {list_orgs[tlid]: name for tlid, name in on_ballot.items()}
nationality = sorted(list_name(t) for t, r in lists.items() if r["ltip"] == "N" and r["allapot"] == "1")


def label(eid):
    o = cand_orgs.get(eid)
    if o is None:
        return f"FÜGGETLEN ({eid})"
    if o in by_orgs:
        return by_orgs[o]
    first = orgs[o.split("+")[0]]
    return first["rovid"] if first["rovid"] != "-" else first["tnev"]


# National list result: sfid 46762 (oszint 51: list votes in Hungary, at missions abroad
# and by mail).
national = rows("szeredmt-national.csv")
votes = {}
expected_list = {}
torsz_national = {}
for r in national:
    name = on_ballot.get(r["jlid"]) or fail(f"list {r['jlid']} is not on the ballot")
    votes[name] = int(r["szav"])
    if int(r["mand"]):
        expected_list[name] = int(r["mand"])
    if r["hatar"] == "1":
        torsz_national[name] = int(r["torsz"])
        if int(r["mandszav"]) != int(r["szav"]) + int(r["torsz"]):
            fail(f"{name}: mandszav is not szav + torsz")
    elif int(r["mand"]):
        if int(r["mandszav"]) != int(r["szav"]) - quota:
            fail(f"{name}: mandszav is not szav less the preferential quota {quota}")

heads = {r["sfid"]: r for r in rows("szeredmf-oevk.csv")}
items = defaultdict(list)
for r in rows("szeredmt-oevk.csv"):
    items[r["sfid"]].append(r)
if sorted(items) != sorted(heads):
    fail("the districts of szeredmt and szeredmf differ")

districts = []
torsz_by_label = defaultdict(int)
won = defaultdict(int)
for sfid in sorted(items, key=int):
    h = heads[sfid]
    cands = items[sfid]
    winners = [c for c in cands if c["mand"] == "1"]
    if len(winners) != 1 or winners[0]["jlid"] != h["eid"]:
        fail(f"district {sfid}: the winner is not the one szeredmf names")
    w = winners[0]
    runner_up = max(int(c["szav"]) for c in cands if c is not w)
    for c in cands:
        want = int(c["szav"]) - runner_up - 1 if c is w else int(c["szav"])
        if int(c["torsz"]) != want:
            fail(f"district {sfid}, candidate {c['jlid']}: fragment votes {c['torsz']}, §15 gives {want}")
        torsz_by_label[label(c["jlid"])] += int(c["torsz"])
    dvotes = {}
    for c in sorted(cands, key=lambda c: -int(c["szav"])):
        name = label(c["jlid"])
        if name in dvotes:
            fail(f"district {sfid}: two candidates labelled {name}")
        dvotes[name] = int(c["szav"])
    winner = label(w["jlid"])
    won[winner] += 1
    districts.append({
        "name": f"{areas[h['sfmaz']]} {h['sfevk']}",
        "single_member": True,
        "votes": dvotes,
        "expected_seats": {winner: 1},
    })

for name, t in torsz_national.items():
    if torsz_by_label[name] != t:
        fail(f"{name}: its candidates' fragment votes add up to {torsz_by_label[name]}, the national table says {t}")

totals = defaultdict(int)
for k, v in list(won.items()) + list(expected_list.items()):
    totals[k] += v

SZERED = "9f4d0048d1994112d64734b4bd05c3540db077ac"
JLCS = "dd9983158c6b3df3fda85c460bbc87492bfc93bd"
T2018 = "709432bf1a0266506b8cd9c184a8ef1dfad2309e"
case = {
    "id": "hu-orszaggyules-2018-provisional",
    "name": "Hungary, Országgyűlés election of 8 April 2018: the NVI's provisional count (98.96% of the polling-station records, every mail vote), 106 districts and the 93 list seats",
    "law": "hu-orszaggyules",
    "date": "2018-04-08",
    "sources": [
        f"Nemzeti Választási Iroda, vote-count tables of the 2018 election (szavazatösszesítés), provisional stage (szeredmf: forr 0 = provisional data, jogi N = not final, feldar 98.96, levszl 100), as dumped in sztupy/valasztas-adatbazis: {REPO}/{SZERED}/csv/szeredmt.csv (per district every candidate's szav, torsz, mand) and {REPO}/{SZERED}/sql/szeredmt.sql (the national list rows of sfid 46762) and {REPO}/{SZERED}/csv/szeredmf.csv (district headers: county, district, winner)",
        f"Candidates and the organisations that nominated them: {REPO}/{JLCS}/csv/jlcssor.csv (rows 'J'; rows 'L' for the lists); organisations: {REPO}/{JLCS}/csv/szervezet.csv; lists: {REPO}/{T2018}/2018/csv/tlista.csv; counties: {REPO}/0482263ec12e565814e00d835a7faf79b64f47b8/csv/terulet.csv",
        f"Seat calculation figures of the same NVI data (hatarszamf: 5% bar 266,269, 10% bar 532,538, 15% bar 798,807, preferential quota 22,424): {REPO}/{T2018}/2018/sql/hatarszamf.sql",
        "Final result for comparison (not checked here): kisalfold.hu, 'Választás 2018 - befejezték a szavazatok számolását', national lists at 100%: FIDESZ-KDNP 2,824,206 votes, 91 + 42 seats, JOBBIK 1 + 25, MSZP-PÁRBESZÉD 8 + 12 (http://www.kisalfold.hu/belfold_hirek/valasztas_2018_-_befejeztek_a_szavazatok_szamolasat_a_fidesz-kdnp-nek_ketharmados_tobbsege_van/2556809/); privatbankar.hu, table of seats: DK 3 + 6, LMP 1 + 7, EGYÜTT 1, independent 1, German nationality list 1 (https://privatbankar.hu/makro/kevesebben-szavaztak-a-fideszre-mint-ellene-hogy-lett-ebbol-ketharmad-317603); index.hu, 15 April 2018: the last count moved one seat from Fidesz-KDNP to Jobbik (https://index.hu/belfold/2018/valasztas/2018/04/15/valasztas_vegeredmenye_maradt_a_fidesz_ketharmada_de_erositett_a_jobbik_az_lmp_es_a_momentum/)",
    ],
    "rules": "Act CCIII of 2011: 106 single-member districts by plurality (§12); 93 national list seats (§3). Fragment votes (§15): every vote of a losing candidate, and the winner's votes less the runner-up's less one, go to the list of the party that nominated the candidate (a joint candidate to the joint list). Threshold (§14): 5% for a party's own list, 10% for a joint list of two parties (FIDESZ-KDNP, MSZP-PÁRBESZÉD), 15% for three or more. Preferential quota (§16): the list and fragment votes of the party lists over the threshold and the votes of the nationality lists, divided by 93 and by 4, integer part (the NVI's 22,424); a nationality list reaching it wins one seat and takes part in the rest with its votes less the quota; the other 92 seats by D'Hondt.",
    "members": {"FIDESZ-KDNP": 2, "MSZP-PÁRBESZÉD": 2},
    "constituencies": [
        {
            "name": "országos lista",
            "votes": votes,
            "expected_seats": expected_list,
            "expected_transferred": torsz_national,
            "expected_preferential_quota": quota,
        }
    ] + districts,
    "national": {"expected_seats": dict(sorted(totals.items(), key=lambda kv: -kv[1]))},
    "notes": (
        "This is not the final result: it is the NVI's own complete computation at the provisional stage of its count (the votes of voters registered away from home and at missions abroad were added on 14 April 2018), with every district's candidate votes and winner, every list's votes and the seats the NVI then allocated. "
        f"Checked: the 106 winners; the list seats (FIDESZ-KDNP {expected_list.get('FIDESZ-KDNP')}, JOBBIK {expected_list.get('JOBBIK')}, MSZP-PÁRBESZÉD {expected_list.get('MSZP-PÁRBESZÉD')}, LMP {expected_list.get('LMP')}, DK {expected_list.get('DK')}, the German nationality list 1 preferential seat); "
        "the fragment votes the count computes from the district votes against the NVI's per list (expected_transferred: published for the five lists over the threshold only; the others' take no part in the allocation); the preferential quota (expected_preferential_quota, 22,424: the NVI's hatarszamf, and 25,660 - 22,424 = 3,236 the German list's votes for the allocation, mandszav). "
        "The script scripts/cases/hu-orszaggyules-2018.py builds this file from the transcriptions in tests/data/hu-orszaggyules-2018 and checks them first: every candidate's fragment votes in the NVI table follow §15 from the transcribed votes, and each list's candidates' fragment votes add up to the NVI's national figure. "
        "Candidates are labelled by the list of the organisations that nominated them; a candidate of an organisation without a list on the ballot by the organisation's short name; independents as FÜGGETLEN with the NVI candidate id. "
        f"The nationality lists are named by their self-governments ({len(nationality)} on the ballot). "
        "Not checked: the threshold bars. The NVI's 5% bar (266,269) is 5% of its 5,325,376 valid list ballots (nationality ballots included); the law's base used here is the votes of the party lists (5,288,321 in this table) [? which base §14(1) means was not re-read]. No list lies between the two bars (DK 294,848 above, MOMENTUM 150,334 below), so the seats do not depend on it. "
        "The final result (42 list seats for FIDESZ-KDNP, 25 for JOBBIK, sources above) is not reproduced here: its district and list figures were not found."
    ),
}
json.dump(case, sys.stdout, ensure_ascii=False, indent=2)
print()
