#!/usr/bin/env python3
"""Writes tests/cases/ch-nationalrat-2019.json from a transcription of the BFS list table.

Source of the figures: the Swiss Federal Statistical Office's list table of the National
Council election of 20 October 2019 (BFS asset 9386464, `stimmen_liste` per list,
`liste_verbindung`, `liste_unterlistenverbindung`), as printed canton by canton in the
stored output of tamedia-ddj/listenverbindungen_public, main.ipynb, cell "Szenario 0 /
Echte Resulate replizieren" (`calc_seats(listen, print_output=True)`): for every canton,
the votes of every list and connection at the first level, then the inside of every
connection and sub-connection that won a seat. A connection or sub-connection that won
no seat is printed as one line (its total): it is entered here as one pooled entry
(`LV x` / `ULV x`), which changes nothing in the count (its lists only pool).

Transcription: L(list, votes, seats) for a list, G(id, votes, seats, [members]) for a
connection (one letter) or sub-connection (letter + digit); members omitted when the
source does not print them (the group won no seat). Every group's votes are checked
against the sum of its members, and every canton's seats against its seat number.
The six one-seat cantons (art. 47, plurality) list the parties' candidate votes; "99"
is the line of scattered votes (Vereinzelte).

Run: python3 scripts/cases/ch-nationalrat-2019.py > tests/cases/ch-nationalrat-2019.json
"""
import json
import sys


def L(num, votes, seats=0):
    return ("L", str(num), votes, seats)


def G(gid, votes, seats, members=None):
    return ("G", gid, votes, seats, members)


PR = [
    ("Zürich", "ZH", 35, [
        L(26, 27242), L(12, 45514), L(22, 9540), L(16, 1851), L(15, 3063),
        G("D", 3406885, 8, [
            L(7, 239376),
            G("D3", 481814, 1, [L(27, 49484), L(8, 391797, 1), L(21, 40533)]),
            G("D1", 2042336, 6, [L(23, 41796), L(4, 1802530, 6), L(29, 112490), L(19, 85520)]),
            G("D2", 643359, 1, [L(5, 529899, 1), L(13, 48833), L(18, 27841), L(20, 36786)]),
        ]),
        G("B", 4974479, 12, [
            L(17, 47154), L(11, 67005),
            G("B2", 2054383, 5, [L(9, 193573), L(30, 36252), L(6, 1824558, 5)]),
            G("B3", 279860, 0),
            G("B1", 2526077, 7, [L(14, 108605), L(2, 2417472, 7)]),
        ]),
        G("A", 4131563, 10, [
            L(31, 235022),
            G("A1", 3896541, 10, [L(32, 50724), L(1, 3775767, 10), L(28, 70050)]),
        ]),
        G("C", 1993644, 5, [L(3, 1944944, 5), L(10, 48700)]),
    ]),
    ("Bern", "BE", 24, [
        L(30, 61529), L(28, 6269), L(34, 54683),
        G("C", 2605587, 8, [
            L(24, 50917),
            G("C2", 1166731, 4, [L(14, 45924), L(12, 978537, 4), L(13, 142270)]),
            G("C1", 1387939, 4, [L(5, 35121), L(6, 77922), L(4, 505909, 1), L(3, 768987, 3)]),
        ]),
        G("E", 329742, 1, [L(25, 30200), L(27, 30578), L(32, 5635), L(26, 8713), L(20, 202288, 1),
                           L(31, 40207), L(33, 12121)]),
        G("B", 2021118, 6, [
            L(23, 55410),
            G("B4", 154501, 0),
            G("B2", 803181, 3, [L(17, 101313), L(16, 89566), L(15, 612302, 3)]),
            G("B3", 344583, 1, [L(18, 297423, 1), L(19, 47160)]),
            G("B1", 663443, 2, [L(8, 74204), L(7, 589239, 2)]),
        ]),
        G("A", 689737, 2, [L(9, 655801, 2), G("A1", 33936, 0)]),
        G("D", 2481637, 7, [
            L(29, 4003),
            G("D1", 2477634, 7, [L(1, 2382287, 7), L(2, 95347)]),
        ]),
    ]),
    ("Luzern", "LU", 9, [
        L(34, 1766), L(10, 8451),
        G("A", 395687, 3, [
            L(14, 5945),
            G("A3", 84227, 1, [L(33, 2225), L(15, 9936), L(4, 72066, 1)]),
            G("A2", 160408, 1, [L(35, 1017), L(17, 5890), L("12a", 3516), L("12b", 1722), L(11, 5894),
                                L(3, 142369, 1)]),
            G("A1", 145107, 1, [L(32, 9405), L(8, 11963), L(1, 123739, 1)]),
        ]),
        G("B", 293650, 2, [L(31, 2333), L(30, 2818), L(20, 2755), L(29, 3242), L(7, 8087), L(28, 2948),
                           L(2, 271467, 2)]),
        G("C", 487102, 4, [
            G("C1", 302480, 3, [L(25, 4791), L(26, 4713), L(23, 3418), L(24, 13388), L("9a", 6474),
                                L("9b", 6268), L(5, 248219, 3), L(27, 15209)]),
            G("C2", 184622, 1, [L(22, 11425), L(13, 4092), L(6, 169105, 1)]),
        ]),
    ]),
    ("Schwyz", "SZ", 4, [
        G("C", 47103, 1, [L(21, 1581), L(14, 720), L(7, 2793), L(6, 39803, 1), L(19, 2206)]),
        G("A", 48095, 1, [L(18, 1229), L(10, 3059), L(9, 6289), L(2, 4544), L(1, 29768, 1), L(4, 1206),
                          L(3, 2000)]),
        G("B", 33494, 0),
        G("D", 75234, 2, [L(16, 72036, 2), L(8, 3198)]),
    ]),
    ("Zug", "ZG", 3, [
        G("D", 31271, 1, [L(23, 26504, 1), L(25, 1468), L(24, 3299)]),
        G("A", 34543, 1, [
            L(10, 964),
            G("A2", 10982, 0),
            G("A1", 22597, 1, [L(5, 1972), L(4, 542), L(1, 16135, 1), L(2, 3000), L(3, 948)]),
        ]),
        G("C", 6505, 0),
        G("B", 45193, 1, [
            G("B2", 17247, 0),
            G("B1", 27946, 1, [L(9, 2174), L(8, 1429), L(7, 2917), L(6, 21426, 1)]),
        ]),
    ]),
    ("Fribourg", "FR", 7, [
        L(25, 1390), L(24, 2436), L(22, 2162),
        G("A", 148239, 2, [
            L(19, 3933), L(20, 4482),
            G("A1", 107373, 2, [L(13, 6204), L(12, 5205), L(11, 5759), L(10, 3309), L(1, 86896, 2)]),
            G("A2", 32451, 0),
        ]),
        G("C", 229776, 3, [
            L(23, 6960),
            G("C1", 128028, 2, [L(17, 1852), L(16, 3436), L(15, 7213), L(18, 10410), L(2, 105117, 2)]),
            G("C2", 94788, 1, [L(7, 75178, 1), L(4, 19610)]),
        ]),
        G("D", 93011, 1, [L(14, 5929), L(3, 87082, 1)]),
        G("B", 126157, 1, [
            L(8, 4430),
            G("B1", 121727, 1, [L(21, 5618), L(5, 116109, 1)]),
        ]),
    ]),
    ("Solothurn", "SO", 6, [
        L(29, 4338), L(28, 2855),
        G("B", 114639, 1, [
            L(27, 5683),
            G("B3", 9423, 0),
            G("B2", 32257, 0),
            G("B1", 67276, 1, [L(5, 4067), L(4, 5048), L(3, 21445), L(2, 36716, 1)]),
        ]),
        G("C", 141467, 2, [
            G("C2", 54096, 1, [L(23, 6811), L(12, 11015), L(11, 36270, 1)]),
            G("C1", 87371, 1, [L(18, 3606), L(10, 30451), L(9, 44646, 1), L(7, 3859), L(6, 4809)]),
        ]),
        G("D", 122761, 2, [L(17, 3651), L(19, 3253), L(8, 10330), L(1, 105527, 2)]),
        G("A", 87751, 1, [L(16, 26572), L(15, 55297, 1), L(14, 2568), L(13, 3314)]),
    ]),
    ("Basel-Stadt", "BS", 5, [
        L(41, 297), L(14, 2178),
        G("B", 140424, 3, [
            L(2, 1179),
            G("B2", 51770, 1, [L(42, 4362), L(40, 5644), L(21, 5239), L(8, 36525, 1)]),
            G("B1", 87475, 2, [L(38, 2611), L(39, 1190), L(5, 83674, 2)]),
        ]),
        G("A", 91173, 2, [
            G("A4", 41077, 1, [L(34, 1901), L(23, 1072), L(3, 38104, 1)]),
            G("A3", 12244, 0),
            G("A2", 21658, 1, [L(25, 1468), L(11, 985), L(10, 13799, 1), L(4, 5406)]),
            G("A1", 16194, 0),
        ]),
        G("C", 33845, 0),
    ]),
    ("Basel-Landschaft", "BL", 7, [
        L(13, 634),
        G("B", 217635, 3, [
            G("B1", 119209, 2, [L(22, 2658), L(2, 113689, 2), L(23, 2862)]),
            G("B2", 98426, 1, [L(7, 87578, 1), L(77, 6158), L(70, 4690)]),
        ]),
        G("C", 100777, 1, [
            L(8, 6470),
            G("C3", 28756, 0),
            G("C2", 46426, 1, [L(5, 37974, 1), L(56, 4111), L(55, 4341)]),
            G("C1", 19125, 0),
        ]),
        G("A", 227896, 3, [
            G("A1", 90352, 1, [L(6, 1467), L(1, 88885, 1)]),
            G("A2", 137544, 2, [L(3, 131564, 2), L(34, 2058), L(33, 3922)]),
        ]),
    ]),
    ("Schaffhausen", "SH", 2, [
        G("B", 21900, 1, [
            L(4, 1929),
            G("B2", 4135, 0),
            G("B1", 15836, 1, [L(14, 682), L(2, 15154, 1)]),
        ]),
        G("A", 25927, 1, [
            L(7, 2041),
            G("A1", 23886, 1, [L(17, 2061), L(11, 413), L(1, 21412, 1)]),
        ]),
        G("D", 6037, 0),
        G("C", 6681, 0),
    ]),
    ("St. Gallen", "SG", 12, [
        L(11, 4006), L(10, 3407), L(8, 12222),
        G("A", 450597, 3, [
            L(12, 10134), L(7, 24907),
            G("A2", 116528, 1, [L("5b", 20323), L("5a", 96205, 1)]),
            G("A1", 299028, 2, [L("2d", 18702), L("2c", 19362), L("2b", 96959, 1), L("2a", 164005, 1)]),
        ]),
        G("B", 513443, 4, [
            L(9, 14768),
            G("B1", 498675, 4, [L("1d", 18921), L("1c", 10214), L("1b", 14960), L("1a", 454580, 4)]),
        ]),
        G("C", 369808, 3, [
            G("C2", 167752, 1, [L("6c", 9830), L("6a", 131827, 1), L("6b", 26095)]),
            G("C1", 202056, 2, [L("3b", 10326), L("3a", 191730, 2)]),
        ]),
        G("D", 238749, 2, [L("4d", 23144), L("4c", 16183), L("4b", 13039), L("4a", 186383, 2)]),
    ]),
    ("Graubünden", "GR", 5, [
        G("B", 86607, 1, [L(20, 2726), L(19, 1667), L(16, 35353), L(14, 45263, 1), L(8, 1598)]),
        G("A", 113046, 2, [
            G("A1", 39429, 1, [L(18, 3547), L(11, 2369), L(17, 2082), L(2, 31431, 1)]),
            G("A3", 26324, 0),
            G("A2", 47293, 1, [L(10, 41927, 1), L(5, 2612), L(4, 2754)]),
        ]),
        G("C", 89626, 2, [
            L(6, 15958),
            G("C1", 49521, 2, [L(15, 2343), L(9, 45677, 2), L(3, 1501)]),
            G("C2", 24147, 0),
        ]),
    ]),
    ("Aargau", "AG", 16, [
        L(15, 7651),
        G("A", 1417043, 8, [
            L(14, 41127), L(9, 29768),
            G("A2", 404732, 2, [L("3b", 18796), L("3a", 385936, 2)]),
            G("A1", 941416, 6, [L("1b", 24769), L("1a", 916647, 6)]),
        ]),
        G("E", 17589, 0),
        G("B", 793834, 4, [
            L(10, 10090),
            G("B2", 292070, 1, [L("5b", 34732), L("5a", 257338, 1)]),
            G("B1", 491674, 3, [L("2e", 15503), L("2d", 21432), L("2c", 12515), L("2b", 21732),
                                L("2a", 420492, 3)]),
        ]),
        G("D", 200405, 1, [
            G("D2", 108794, 1, [L("8b", 12033), L("8a", 89736, 1), L("8c", 7025)]),
            G("D1", 91611, 0),
        ]),
        G("C", 549416, 3, [
            G("C2", 253970, 1, [L("6c", 11618), L("6b", 31050), L("6a", 211302, 1)]),
            G("C1", 295446, 2, [L("4i", 10300), L("4h", 14079), L("4g", 5416), L("4f", 13705),
                                L("4e", 6682), L("4d", 9266), L("4c", 6178), L("4b", 23925),
                                L("4a", 205895, 2)]),
        ]),
    ]),
    ("Thurgau", "TG", 6, [
        G("A", 135321, 2, [
            G("A3", 54501, 1, [L(23, 3692), L(17, 47973, 1), L(9, 2836)]),
            G("A1", 35126, 0),
            G("A2", 45694, 1, [L(15, 4779), L(14, 31762, 1), L(13, 9153)]),
        ]),
        G("C", 76021, 1, [
            G("C2", 11499, 0),
            G("C3", 54715, 1, [L(16, 3856), L(12, 45122, 1), L(11, 5737)]),
            G("C1", 9807, 0),
        ]),
        G("B", 219767, 3, [
            L(3, 12283),
            G("B1", 49376, 0),
            G("B2", 158108, 3, [L(5, 152401, 3), L(2, 5707)]),
        ]),
    ]),
    ("Ticino", "TI", 8, [
        L(23, 7078), L(21, 3463), L(19, 5741),
        G("D", 6136, 0),
        G("A", 332630, 4, [
            L(22, 8287), L(9, 171936, 2),
            G("A1", 152407, 2, [L(17, 2404), L(13, 6623), L(3, 6568), L(1, 136812, 2)]),
        ]),
        G("B", 234252, 2, [
            G("B1", 117828, 1, [L(16, 3117), L(15, 107569, 1), L(4, 7142)]),
            G("B2", 116424, 1, [L(14, 8025), L(12, 93552, 1), L(11, 7896), L(5, 6951)]),
        ]),
        G("C", 248258, 2, [
            L(8, 141777, 1),
            G("C1", 106481, 1, [L(18, 85792, 1), L(10, 4222), L(7, 7632), L(6, 8835)]),
        ]),
    ]),
    ("Vaud", "VD", 19, [
        L(23, 9651), L(12, 2435), L(11, 16664), L(5, 11143),
        G("A", 1509841, 9, [
            L(8, 12502),
            G("A2", 138031, 0),
            G("A3", 667608, 4, [L(16, 111358), L(14, 556250, 4)]),
            G("A1", 691700, 5, [L(2, 36653), L(1, 655047, 5)]),
        ]),
        G("C", 150411, 0),
        G("E", 791855, 5, [L(21, 28315), L(17, 692664, 5), L(10, 70876)]),
        G("D", 311119, 2, [
            L(20, 27054),
            G("D1", 284065, 2, [L(19, 58826), L(6, 225239, 2)]),
        ]),
        G("B", 589612, 3, [L(13, 538799, 3), L(3, 50813)]),
    ]),
    ("Valais", "VS", 8, [
        L(31, 13780),
        G("D", 161204, 1, [
            G("D2", 20901, 0),
            G("D1", 140303, 1, [L(37, 4945), L(36, 4022), L(34, 2877), L(33, 2176), L(32, 123223, 1),
                                L(35, 3060)]),
        ]),
        G("A", 248988, 2, [
            G("A3", 9615, 0),
            G("A2", 98794, 1, [L(28, 4897), L(26, 14162), L(25, 69281, 1), L(27, 10454)]),
            G("A1", 140579, 1, [L(24, 2403), L(23, 17723), L(12, 5201), L(11, 1999), L(10, 1559),
                                L(9, 3238), L(7, 5779), L(1, 102677, 1)]),
        ]),
        G("B", 324554, 3, [
            G("B1", 156956, 1, [L(22, 5433), L(21, 83221, 1), L(3, 5605), L(2, 62697)]),
            G("B2", 167598, 2, [L(8, 142635, 2), L(6, 12520), L(5, 5771), L(4, 6672)]),
        ]),
        G("C", 184518, 2, [
            L(16, 7178), L(15, 5037),
            G("C2", 87146, 1, [L(20, 2664), L(19, 2600), L(18, 3858), L(17, 78024, 1)]),
            G("C1", 85157, 1, [L(14, 6434), L(13, 78723, 1)]),
        ]),
    ]),
    ("Neuchâtel", "NE", 4, [
        L(39, 325),
        G("D", 23134, 0),
        G("C", 22118, 0),
        G("B", 90099, 3, [
            G("B2", 61035, 2, [L("34C", 3608), L("34B", 36357, 1), L("34A", 21070, 1)]),
            G("B1", 29064, 1, [L("33B", 3916), L("33A", 25148, 1)]),
        ]),
        G("A", 39049, 1, [L(32, 4174), L(31, 34875, 1)]),
    ]),
    ("Genève", "GE", 12, [
        L(20, 2262),
        G("B", 224673, 2, [
            L(21, 1312), L(19, 63100),
            G("B1", 160261, 2, [L(13, 6535), L(18, 2662), L(1, 151064, 2)]),
        ]),
        G("E", 85605, 1, [
            L(17, 8246), L(16, 10309), L(26, 3128),
            G("E1", 63922, 1, [L(27, 11444), L(23, 52478, 1)]),
        ]),
        G("D", 549011, 6, [
            G("D3", 87141, 1, [L(15, 12283), L(14, 21095), L(11, 13433), L(10, 26696, 1), L(28, 13634)]),
            G("D1", 288938, 3, [L(12, 5479), L(8, 38302), L(3, 245157, 3)]),
            G("D2", 172932, 2, [L(22, 3983), L(4, 9796), L(2, 159153, 2)]),
        ]),
        G("A", 300438, 3, [
            G("A2", 89965, 1, [L(9, 4585), L(7, 85380, 1)]),
            G("A1", 210473, 2, [L(6, 8167), L(5, 202306, 2)]),
        ]),
        G("C", 12004, 0),
    ]),
    ("Jura", "JU", 2, [
        L(17, 644),
        G("F", 7010, 0),
        G("E", 6493, 0),
        G("D", 10211, 1, [L(11, 627), L(10, 1602), L(9, 7982, 1)]),
        G("C", 4320, 0),
        G("B", 4071, 0),
        G("A", 12118, 1, [L(2, 1816), L(1, 10302, 1)]),
    ]),
]

# One-seat cantons: (name, abbreviation, {list: votes}, winner). "99": scattered votes.
MAJORZ = [
    ("Uri", "UR", {"3": 4685, "1": 4341, "99": 265, "2": 2659}, "3"),
    ("Obwalden", "OW", {"2": 1675, "1": 1683, "3": 424, "5": 5412, "4": 5325}, "5"),
    ("Nidwalden", "NW", {"2": 5383, "1": 9655}, "1"),
    ("Glarus", "GL", {"99": 612, "3": 279, "2": 2861, "1": 6396}, "1"),
    ("Appenzell Ausserrhoden", "AR", {"99": 329, "2": 7561, "1": 7720}, "1"),
    ("Appenzell Innerrhoden", "AI", {"99": 52, "4": 2014, "3": 1446, "2": 493, "1": 1642}, "4"),
]


META = {
    "id": "ch-nationalrat-2019",
    "name": "Switzerland, National Council election, 20 October 2019 (200 seats: 194 in 20 cantons by list PR with list connections, 6 one-seat cantons by plurality)",
    "law": "ch-nationalrat",
    "date": "2019-10-20",
    "sources": [
        "Swiss Federal Statistical Office (BFS), Eidgenössische Wahlen 2019, Nationalratswahlen, list table (Listen: stimmen_liste, liste_verbindung, liste_unterlistenverbindung, anzahl_gewaehlte): https://www.bfs.admin.ch/bfsstatic/dam/assets/9386464/master (opendata.swiss dataset eidg-wahlen-2019)",
        "The same table as printed canton by canton, with every connection and sub-connection, in the stored output of GitHub tamedia-ddj/listenverbindungen_public, main.ipynb (cell 'Szenario 0 - Echte Resulate replizieren', commit 33d7c564ae93b83bee5b005513439fd27ed9eb60); transcribed in scripts/cases/ch-nationalrat-2019.py, which checks every sum",
        "Official national totals of seats by party 2019 (SVP 53, SP 39, FDP 29 including the Basel LDP, Grüne 28, CVP 25, GLP 16, BDP 3, EVP 3, EDU 1, Lega 1, PdA 1, solidaritéS 1): BFS; the notebook's per-party sum of the list seats below (cell 'look at seat ditribution') gives exactly these"
    ],
    "rules": "Bundesgesetz über die politischen Rechte (BPR) art. 40-42: in each canton with more than one seat, lists joined by a Listenverbindung count as one list; the seats go to lists and connections by the Hagenbach-Bischoff method (Verteilungszahl = floor(votes / (seats + 1)) + 1, then remaining seats one by one to the largest votes / (seats won + 1): D'Hondt); a connection's seats are split the same way among its sub-connections (Unterlistenverbindungen) and other lists, and a sub-connection's among its lists. Votes are Parteistimmen (candidate votes plus blank lines of the list's ballots). Art. 47: the six one-seat cantons elect by relative majority; their figures are the candidates' votes by party list. Seats per canton for 2019: Zürich 35, Basel-Stadt 5 (2023: 36 and 4), given in the case.",
}

NOTES = (
    "Lists are named by canton and official list number ('ZH 1', 'SG 2b'); the source gives the numbers, not the names. "
    "A connection (LV) or sub-connection (ULV) that won no seat is printed in the source as one line (its total) and is entered as one pooled entry: its lists only pool, so the count is the same. "
    "Expected seats per list: the source's replication of the count, whose seats per party add up to the official national totals (see sources); the per-canton, per-party official seats (anzahl_gewaehlte) the notebook prints where a count without connections would differ agree too (e.g. Zürich SVP 10, GLP 6; Bern SVP 7, SP 4, GLP 3, EDU 1; Basel-Stadt GLP 1). "
    "Checked: every connection and sub-connection total equals the sum of its lists; every canton's seats add up to its seat number (194 in the proportional cantons). "
    "The one-seat cantons' scattered votes (Vereinzelte, list 99) are in other_votes. "
    "The totals of Parteistimmen per canton (Zürich 14,593,781, Bern 8,250,302, ...) are not cross-checked against a second source."
)


def fail(msg):
    sys.exit(f"ch-nationalrat-2019: {msg}")


def entries(item, ab):
    """The case's entries for an item: [(name, votes, seats)]."""
    if item[0] == "L":
        return [(f"{ab} {item[1]}", item[2], item[3])]
    _, gid, votes, seats, members = item
    kind = "LV" if len(gid) == 1 else "ULV"
    if members is None:
        if seats:
            fail(f"{ab} {gid}: a group with seats must list its members")
        return [(f"{ab} {kind} {gid}", votes, 0)]
    out = [e for m in members for e in entries(m, ab)]
    if sum(v for _, v, _ in out) != votes:
        fail(f"{ab} {gid}: members add up to {sum(v for _, v, _ in out)}, not {votes}")
    if sum(s for _, _, s in out) != seats:
        fail(f"{ab} {gid}: members' seats add up to {sum(s for _, _, s in out)}, not {seats}")
    return out


def main():
    constituencies, alliances, subs = [], [], []
    total_pr = 0
    for name, ab, seats, items in PR:
        votes, expected = {}, {}
        for item in items:
            es = entries(item, ab)
            for n, v, s in es:
                if n in votes:
                    fail(f"{n} twice")
                votes[n] = v
                if s:
                    expected[n] = s
            if item[0] == "G" and item[4] is not None:
                names = [n for n, _, _ in es]
                if len(names) > 1:
                    alliances.append(names)
                for m in item[4]:
                    if m[0] == "G" and m[4] is not None:
                        sub = [n for n, _, _ in entries(m, ab)]
                        if 1 < len(sub) < len(names):
                            subs.append(sub)
        if sum(expected.values()) != seats:
            fail(f"{name}: seats add up to {sum(expected.values())}, not {seats}")
        total_pr += seats
        constituencies.append({"name": name, "seats": seats, "votes": votes,
                               "expected_seats": dict(sorted(expected.items()))})
    if total_pr != 194:
        fail(f"the proportional cantons have {total_pr} seats, not 194")
    for name, ab, lists, winner in MAJORZ:
        votes = {f"{ab} {k}": v for k, v in lists.items() if k != "99"}
        c = {"name": name, "single_member": True, "votes": votes}
        if "99" in lists:
            c["other_votes"] = {"scattered": lists["99"]}
        if max(votes, key=votes.get) != f"{ab} {winner}":
            fail(f"{name}: the winner is not the candidate with most votes")
        c["expected_seats"] = {f"{ab} {winner}": 1}
        constituencies.append(c)
    case = dict(META)
    case.update({"constituencies": constituencies, "alliances": alliances, "sub_alliances": subs})
    case["notes"] = NOTES
    print(json.dumps(case, ensure_ascii=False, indent=1))


main()
