#!/usr/bin/env python3
"""Generate datasets/wenchang-week.json, the Liandong (联动) demo input.

One week (Mon 2026-11-23 .. Sun 2026-11-29, 30-minute slots) of the 五彩绳 joint party
committee of Wenchang Road street (文昌路街道), Laizhou: five communities, the 汇光关爱
social-work station, five volunteer teams, one community social organization, 60 people
and the 44 resident needs the five community party organizations published.

Everything is written out by hand below (no randomness), so the output is the same on
every run.  Standard library only.  Run from anywhere:

    python3 datasets/tools/make_demo.py            # writes datasets/wenchang-week.json
    python3 datasets/tools/make_demo.py --check    # only run the checks, write nothing
    python3 datasets/tools/make_demo.py -o FILE    # write elsewhere ("-" for stdout)
    python3 datasets/tools/make_demo.py --liandong PATH   # the binary for the engine checks

Before writing, the script checks the data in two steps. `self_check`: the shape of the data
(ids, references, times, the mix of people the demo is meant to have) — no rule of the
contract is re-implemented here. `engine_check`: the engine itself, through the built
`liandong` binary (.build/release, else .build/debug, else on PATH): `validate` accepts the
week, `plan --backend glpk` proves a plan optimal that leaves unserved exactly the needs meant
to be hard, each for its intended reason, and `check` accepts that plan. One truth per rule:
the engine's.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

SCHEMA = "liandong/v1"
HORIZON = {"start": "2026-11-23", "days": 7, "slotMinutes": 30}
SLOT = HORIZON["slotMinutes"]
DAYS = HORIZON["days"]
MINUTES_PER_KM = 4
LEVELS = {"assistant": 0, "intermediate": 1, "senior": 2}
URGENCY_WEIGHT = {"critical": 1000, "high": 100, "normal": 10, "low": 1}
GROUP_WEIGHT = {"subsistenceAllowance": 20, "extremePoverty": 20, "childInDifficulty": 20,
                "disabled": 15, "womenInDifficulty": 15, "elderly": 10, "livingAlone": 10}
PREFERRED_WEIGHT = 5

# The skill vocabulary (camelCase ids).  `signLanguage` is deliberately held by nobody.
SKILLS = {
    "elderlyCare": "养老照护", "childCare": "儿童关爱", "counselling": "情绪疏导/心理抚慰",
    "mediation": "矛盾纠纷调解", "rehabilitation": "残障康复", "crisisIntervention": "危机干预",
    "resourceLinking": "资源链接", "legalAid": "法律援助", "medicalEscort": "就医陪诊",
    "publicity": "宣传（反诈、交通安全）", "companionship": "陪伴", "tutoring": "学业辅导",
    "firstAid": "应急救护", "housework": "家政/助浴/助餐", "homeRepair": "居家维修/适老化改造",
    "electricalRepair": "电路检修", "signLanguage": "手语",
}

# ---------------------------------------------------------------------------------------
# Communities (社区).  Each community party organization (社区党组织) publishes its own need
# list under the 五彩绳 joint party committee, so orders group per community.
# Locations are in km on a local grid; all five are within 3 km of each other.
# ---------------------------------------------------------------------------------------
COMMUNITIES = [
    ("huiquan", "汇泉社区", "huiquan-party", 1.1, 1.0),
    ("guangzhou", "光州社区", "guangzhou-party", 0.0, 0.8),
    ("beiguan", "北关社区", "beiguan-party", 1.0, 2.4),
    ("dinghai", "定海社区", "dinghai-party", 2.2, 1.6),
    ("dongnanyu", "东南隅社区", "dongnanyu-party", 2.4, 0.0),
]

# ---------------------------------------------------------------------------------------
# Organizations (社会组织): id, name, kind, maxOrders, communities
# ---------------------------------------------------------------------------------------
ORGANIZATIONS = [
    ("huiguang", "汇光关爱社工服务站", "socialWorkAgency", 30, None),
    ("yinling", "“银龄先锋”志愿服务队", "volunteerTeam", 8, ["huiquan", "guangzhou", "beiguan"]),
    ("guangming", "“光明直通车”志愿服务队", "volunteerTeam", 6, None),
    ("qingniao", "青鸟“助”巢志愿服务队", "volunteerTeam", None, ["guangzhou", "beiguan", "dinghai"]),
    ("hongmajia", "东南隅红马甲志愿服务队", "volunteerTeam", 4, ["dongnanyu"]),
    ("farun", "“法润文昌”法律服务志愿队", "volunteerTeam", 3, None),
    ("jiayouyikao", "家有“医”靠健康服务社", "communityOrganization", None, None),
]


# ---------------------------------------------------------------------------------------
# Availability helpers: lists of (day, from, to)
# ---------------------------------------------------------------------------------------
def win(days, frm, to):
    return [(d, frm, to) for d in days]


WEEKDAYS = range(0, 5)
MON_THU = range(0, 4)
OFFICE = win(WEEKDAYS, "08:30", "12:00") + win(WEEKDAYS, "14:00", "17:30")


def office(days):
    return win(days, "08:30", "12:00") + win(days, "14:00", "17:30")


# ---------------------------------------------------------------------------------------
# People.  Tuple: id, name, role, level, organization, skills, availability (None = always
# free), maxMinutes, maxAssignments, home, insured, partyMember, stars, servedMinutesToDate
# ---------------------------------------------------------------------------------------
SW, VOL = "socialWorker", "volunteer"
A, I, S = "assistant", "intermediate", "senior"

PEOPLE = [
    # --- 汇光关爱社工服务站: the 6 professional social workers of the practice station ---
    # sw-01 is the only senior social worker (高级社会工作师); on Friday she is away at the
    # city's supervision training, and the station is closed at weekends for her.
    ("sw-01", "王淑芬", SW, S, "huiguang",
     ["counselling", "crisisIntervention", "mediation", "elderlyCare", "resourceLinking"],
     office(MON_THU), 1200, 8, "huiquan", True, True, 5, 18600),
    ("sw-02", "刘晓燕", SW, I, "huiguang",
     ["childCare", "counselling", "crisisIntervention", "tutoring", "resourceLinking"],
     OFFICE + win([5], "09:00", "12:00"), 1800, 10, "guangzhou", True, True, 5, 12480),
    ("sw-03", "张志强", SW, I, "huiguang",
     ["mediation", "counselling", "crisisIntervention", "elderlyCare", "resourceLinking"],
     OFFICE, 1500, 10, "dinghai", True, False, 4, 9870),
    ("sw-04", "孙丽娜", SW, A, "huiguang",
     ["elderlyCare", "companionship", "medicalEscort", "resourceLinking"],
     OFFICE, 1500, None, "huiquan", True, True, 4, 6150),
    ("sw-05", "赵鹏", SW, A, "huiguang",
     ["childCare", "tutoring", "publicity", "companionship", "resourceLinking"],
     OFFICE + win([6], "14:00", "17:30"), 1500, None, "beiguan", True, False, 3, 4320),
    ("sw-06", "姜雯雯", SW, A, "huiguang",
     ["elderlyCare", "counselling", "rehabilitation", "companionship", "resourceLinking"],
     OFFICE, 1200, None, "dongnanyu", True, False, 4, 5040),

    # --- community workers (社区工作者) holding a social-work certificate (持证社工) ---
    ("cw-01", "于海燕", SW, I, None, ["elderlyCare", "mediation", "counselling", "resourceLinking"],
     win([0, 2, 4], "14:00", "17:00") + win([1], "09:00", "11:30"), 720, 4, "huiquan", True, True, 4, 7230),
    ("cw-02", "曲明", SW, A, None, ["mediation", "publicity", "resourceLinking"],
     win([1, 3], "09:00", "11:30") + win([5], "07:30", "10:30"), 600, 4, "guangzhou", True, True, 3, 2890),
    ("cw-03", "杨春梅", SW, A, "jiayouyikao", ["elderlyCare", "medicalEscort", "companionship"],
     win(WEEKDAYS, "08:30", "11:30"), 900, 5, "beiguan", True, False, 4, 3960),
    ("cw-04", "李娟", SW, A, None, ["childCare", "counselling", "tutoring"],
     win([1, 2, 3], "14:00", "17:00"), 600, 3, "dinghai", False, False, 3, 1820),
    ("cw-05", "綦建国", SW, I, None, ["mediation", "counselling", "crisisIntervention"],
     win(WEEKDAYS, "14:00", "17:30"), 900, 5, "dongnanyu", True, True, 4, 8140),
    ("cw-06", "毛秀英", SW, A, "jiayouyikao", ["elderlyCare", "rehabilitation", "medicalEscort"],
     win([2, 3, 4], "08:30", "11:30"), 600, 3, "huiquan", True, False, 3, 2210),
    ("cw-07", "吕静", SW, A, None, ["childCare", "companionship", "publicity"],
     win([5], "09:00", "12:00") + win([6], "14:00", "17:00"), 600, 3, "guangzhou", False, True, 3, 1560),
    ("cw-08", "徐磊", SW, A, None, ["resourceLinking", "publicity", "elderlyCare"],
     win(WEEKDAYS, "08:30", "11:30") + win(WEEKDAYS, "14:00", "17:00"), 900, 5, "dinghai", False, False, 3, 2640),

    # --- community workers without a certificate: they serve as volunteers ---
    ("cv-01", "曲晓红", VOL, None, None, ["publicity", "companionship", "resourceLinking"],
     win(WEEKDAYS, "08:30", "11:30") + win(WEEKDAYS, "14:00", "17:00"), 360, 4, "huiquan", True, True, 3, 1320),
    ("cv-02", "王磊", VOL, None, None, ["publicity", "mediation"],
     win(WEEKDAYS, "14:00", "17:00"), 300, 3, "guangzhou", True, False, 3, 960),
    ("cv-03", "孙倩", VOL, None, None, ["companionship", "elderlyCare"],
     win(WEEKDAYS, "08:30", "11:30"), 300, 3, "beiguan", False, False, 2, 540),
    ("cv-04", "刘洋", VOL, None, None, ["housework", "companionship"],
     win(WEEKDAYS, "08:30", "12:00"), 360, None, "dinghai", True, True, 3, 1080),
    ("cv-05", "张敏", VOL, None, None, ["publicity", "companionship"],
     win(WEEKDAYS, "08:30", "11:30") + win(WEEKDAYS, "14:00", "17:00"), 300, 3, "dongnanyu", True, False, 3, 720),
    ("cv-06", "吕晓东", VOL, None, None, ["mediation", "companionship"],
     win(WEEKDAYS, "14:00", "17:00"), 240, 2, "dinghai", False, False, 2, 300),

    # --- “银龄先锋” (retired residents; daytime; several are too old for the group policy) ---
    ("v-01", "刘桂兰", VOL, None, "yinling", ["elderlyCare", "companionship", "housework"],
     win(WEEKDAYS, "08:30", "11:30"), 480, 4, "huiquan", False, True, 5, 6420),
    ("v-02", "王德胜", VOL, None, "yinling", ["homeRepair", "housework"],
     win(WEEKDAYS, "08:30", "11:30") + win([1, 3], "14:30", "17:00"), 480, 4, "huiquan", True, True, 4, 3870),
    ("v-03", "张秀珍", VOL, None, "yinling", ["companionship", "mediation", "publicity"],
     win(WEEKDAYS, "08:30", "11:30") + win(WEEKDAYS, "14:30", "17:00"), 600, 5, "guangzhou", True, True, 5, 8210),
    ("v-04", "李长海", VOL, None, "yinling", ["electricalRepair", "homeRepair"],
     win(WEEKDAYS, "08:30", "11:30"), 360, 3, "huiquan", False, False, 4, 2100),
    ("v-05", "孙玉梅", VOL, None, "yinling", ["housework", "companionship"],
     win([1, 2, 3, 4], "08:30", "11:30"), 360, 3, "beiguan", True, False, 3, 1650),
    ("v-06", "姜洪波", VOL, None, "yinling", ["electricalRepair"],
     None, 240, 2, "guangzhou", False, False, 3, 880),
    ("v-07", "赵淑华", VOL, None, "yinling", ["publicity", "companionship"],
     win(range(0, 7), "08:00", "11:30"), 480, 4, "huiquan", True, True, 4, 4460),
    ("v-08", "徐文斌", VOL, None, "yinling", ["homeRepair"],
     win([2, 5], "08:00", "12:00"), 300, 2, "beiguan", True, False, 3, 1230),
    ("v-09", "曲凤英", VOL, None, "yinling", ["mediation", "companionship", "elderlyCare"],
     None, 300, 3, "guangzhou", False, True, 4, 2980),
    ("v-10", "宋建华", VOL, None, "yinling", ["publicity", "firstAid"],
     win([5, 6], "07:30", "11:30"), 300, 2, "huiquan", True, True, 3, 1470),

    # --- “光明直通车” (drivers and escorts to hospital) ---
    ("v-11", "陈立军", VOL, None, "guangming", ["medicalEscort", "firstAid"],
     win(WEEKDAYS, "08:00", "12:00"), 600, 4, "guangzhou", True, True, 5, 5320),
    ("v-12", "周海涛", VOL, None, "guangming", ["medicalEscort", "companionship"],
     win([1, 3], "08:00", "12:00") + win([5], "08:00", "17:00"), 540, 4, "huiquan", True, False, 4, 2760),
    ("v-13", "黄丽", VOL, None, "guangming", ["medicalEscort", "companionship"],
     win([0, 2, 4], "08:30", "12:00"), 360, 3, "dinghai", False, False, 3, 1150),
    ("v-14", "林永", VOL, None, "guangming", ["medicalEscort", "firstAid"],
     None, 600, 3, "dongnanyu", True, True, 4, 3380),
    ("v-15", "高翠萍", VOL, None, "guangming", ["companionship", "housework"],
     win(WEEKDAYS, "14:00", "17:30"), 360, None, "beiguan", True, False, 3, 940),
    ("v-16", "韩冬", VOL, None, "guangming", ["firstAid", "publicity"],
     win([4], "15:30", "18:30") + win([5, 6], "08:00", "11:00"), 300, 3, "guangzhou", True, False, 3, 620),
    ("v-17", "邹敏", VOL, None, "guangming", ["medicalEscort", "companionship"],
     win([1, 2, 3], "13:30", "17:30"), 300, 2, "dinghai", False, False, 2, 380),
    ("v-18", "潘继东", VOL, None, "guangming", ["firstAid", "medicalEscort"],
     win(WEEKDAYS, "18:00", "21:00"), 360, 3, "dongnanyu", True, True, 4, 2090),

    # --- 青鸟“助”巢 (teachers and students; evenings and weekends) ---
    ("v-19", "李思雨", VOL, None, "qingniao", ["tutoring", "childCare", "companionship"],
     win(WEEKDAYS, "18:30", "21:00"), 480, 4, "beiguan", True, True, 5, 4870),
    ("v-20", "王子涵", VOL, None, "qingniao", ["tutoring", "publicity"],
     win([1, 3], "18:30", "21:00") + win([5], "14:00", "17:30"), 360, 3, "guangzhou", False, False, 3, 720),
    ("v-21", "张欣怡", VOL, None, "qingniao", ["childCare", "companionship"],
     win([5], "09:00", "12:00") + win([5, 6], "14:00", "17:30"), 420, 3, "dinghai", True, False, 4, 1960),
    ("v-22", "刘浩然", VOL, None, "qingniao", ["tutoring"],
     win([2, 4], "18:30", "21:00"), 240, 2, "dinghai", False, False, 2, 360),
    ("v-23", "赵佳琪", VOL, None, "qingniao", ["childCare", "companionship", "publicity"],
     win([5, 6], "08:30", "17:30"), 480, 3, "beiguan", True, True, 4, 2410),
    ("v-24", "孙博文", VOL, None, "qingniao", ["tutoring", "childCare"],
     win([0], "18:30", "21:00") + win([6], "14:00", "17:30"), 300, 2, "guangzhou", False, False, 3, 540),
    ("v-25", "周雨桐", VOL, None, "qingniao", ["companionship", "publicity"],
     win([5, 6], "14:00", "17:30"), 300, 2, "dinghai", False, False, 2, 180),
    ("v-26", "吴俊杰", VOL, None, "qingniao", ["publicity", "firstAid"],
     win([4], "16:00", "18:30") + win([6], "14:00", "17:30"), 300, 2, "guangzhou", True, True, 3, 660),
    ("v-27", "郑晓", VOL, None, "qingniao", ["tutoring", "counselling"],
     win([1, 2, 3], "19:00", "21:00"), 360, 3, "beiguan", True, False, 4, 1390),

    # --- 东南隅红马甲 (serves 东南隅 only) ---
    ("v-28", "綦桂芳", VOL, None, "hongmajia", ["companionship", "elderlyCare", "housework"],
     win(WEEKDAYS, "08:30", "11:30"), 360, 3, "dongnanyu", False, True, 4, 3020),
    ("v-29", "宋玉", VOL, None, "hongmajia", ["companionship", "housework"],
     win([4, 5, 6], "08:30", "11:30"), 360, 3, "dongnanyu", True, False, 3, 870),
    ("v-30", "任志刚", VOL, None, "hongmajia", ["medicalEscort", "companionship"],
     win([1, 3], "08:00", "12:00"), 360, 2, "dongnanyu", True, True, 4, 1680),
    ("v-31", "于洪", VOL, None, "hongmajia", ["mediation", "companionship"],
     win([2], "14:00", "17:30"), 240, 2, "dongnanyu", False, False, 3, 450),
    ("v-32", "曹丽华", VOL, None, "hongmajia", ["childCare", "companionship"],
     win([5], "14:00", "17:30"), 240, 2, "dongnanyu", True, False, 3, 390),
    ("v-33", "邵明", VOL, None, "hongmajia", ["firstAid", "housework"],
     win([3], "18:00", "21:00") + win([6], "08:30", "11:30"), 300, 2, "dongnanyu", True, True, 3, 810),

    # --- “法润文昌” (lawyers; evenings) ---
    ("v-34", "杜文涛", VOL, None, "farun", ["legalAid", "mediation"],
     win([2, 4], "18:30", "21:00"), 300, 2, "huiquan", True, True, 5, 2240),
    ("v-35", "袁静", VOL, None, "farun", ["legalAid"],
     win([1, 2], "18:30", "21:00"), 240, 2, "guangzhou", True, False, 4, 1100),
    ("v-36", "田雨", VOL, None, "farun", ["legalAid"],
     win([3], "18:30", "21:00"), 180, 1, "dinghai", False, False, 3, 240),

    # --- 家有“医”靠 (retired doctors, nurses and therapists) ---
    ("v-37", "孔凡荣", VOL, None, "jiayouyikao", ["rehabilitation", "firstAid"],
     win(WEEKDAYS, "14:00", "17:00"), 480, 4, "beiguan", True, True, 5, 5560),
    ("v-38", "蒋秀兰", VOL, None, "jiayouyikao", ["rehabilitation", "medicalEscort", "companionship"],
     win([1, 2], "14:00", "17:30") + win([4], "08:30", "11:30"), 420, 3, "huiquan", True, False, 4, 2730),
    ("v-39", "钟华", VOL, None, "jiayouyikao", ["rehabilitation", "firstAid"],
     win([0, 3], "08:30", "11:30") + win([3], "14:00", "17:00"), 360, 3, "dinghai", True, False, 4, 1940),
    ("v-40", "贺丽萍", VOL, None, "jiayouyikao", ["medicalEscort", "firstAid", "counselling"],
     win([2, 4], "08:00", "12:00"), 420, 3, "guangzhou", True, True, 4, 2380),
]


# ---------------------------------------------------------------------------------------
# Needs (居民需求清单).  Team positions: sw(skills, minLevel) / vol(count, skills).
# ---------------------------------------------------------------------------------------
def sw(skills, level=A, count=1):
    return {"role": SW, "count": count, "skills": list(skills), "minLevel": level}


def vol(count, skills):
    return {"role": VOL, "count": count, "skills": list(skills)}


def need(nid, community, resident, title, category, urgency, groups, team, duration, windows,
         risky=False, required=False, preferred=(), excluded=()):
    return {"id": nid, "community": community, "resident": resident, "title": title,
            "category": category, "urgency": urgency, "groups": list(groups), "team": team,
            "durationMinutes": duration, "windows": windows, "risky": risky,
            "required": required, "preferred": list(preferred), "excluded": list(excluded)}


UNSCHEDULED = None  # no `windows` member: done some time in the week, uses budgets only

NEEDS = [
    # ---------------- 汇泉社区 ----------------
    need("n-01", "huiquan", "r-101", "独居老人入户探访", "elderlyCare", "high", ["elderly", "livingAlone"],
         [sw(["elderlyCare"]), vol(1, ["companionship"])], 90, win([0], "09:00", "12:00"),
         preferred=["sw-04"]),
    need("n-02", "huiquan", "r-101", "独居老人居室清洁", "housework", "normal", ["elderly", "livingAlone"],
         [vol(2, ["housework"])], 120, win([3], "08:30", "11:30")),
    need("n-03", "huiquan", "r-102", "低保家庭临时救助申请（资源链接）", "resourceLinking", "normal",
         ["subsistenceAllowance"], [sw(["resourceLinking"])], 60, UNSCHEDULED),
    need("n-04", "huiquan", "r-103", "困境儿童周末陪伴", "childCare", "high", ["childInDifficulty"],
         [sw(["childCare"]), vol(1, ["companionship"])], 120, win([5], "09:00", "12:00")),
    need("n-05", "huiquan", "r-104", "邻里噪音矛盾纠纷调解", "mediation", "normal", [],
         [sw(["mediation"]), vol(1, ["mediation"])], 90, win([1], "14:00", "17:00")),
    need("n-06", "huiquan", "r-105", "居家适老化改造（加装扶手）", "homeRepair", "normal", ["elderly", "disabled"],
         [vol(2, ["homeRepair"])], 120, win([2], "08:30", "11:30"), risky=True),
    # HARD (notInsured): only the two retired electricians can do it, and neither is insured.
    need("n-07", "huiquan", "r-106", "独居老人家中老化线路检修", "homeRepair", "high",
         ["elderly", "livingAlone", "extremePoverty"],
         [vol(1, ["electricalRepair"])], 90, win([1], "09:00", "11:30"), risky=True),
    need("n-08", "huiquan", None, "早市反诈宣传", "publicity", "normal", [],
         [sw(["publicity"]), vol(2, ["publicity"])], 90, win([5], "07:30", "10:00"), risky=True),
    # CLUSTER (capacity): four 残障康复训练 sessions booked for the same Wednesday afternoon.
    need("n-09", "huiquan", "r-107", "残障康复训练", "rehabilitation", "high", ["disabled", "subsistenceAllowance"],
         [vol(1, ["rehabilitation"])], 120, win([2], "14:00", "16:00")),

    # ---------------- 光州社区 ----------------
    need("n-10", "guangzhou", "r-201", "精神障碍患者陪同复诊", "medicalEscort", "high",
         ["disabled", "subsistenceAllowance"],
         [sw(["counselling"]), vol(1, ["medicalEscort"])], 180, win([2], "08:00", "12:00"), risky=True),
    need("n-11", "guangzhou", "r-202", "独居老人入户探访", "elderlyCare", "normal", ["elderly", "livingAlone"],
         [sw(["elderlyCare"]), vol(1, ["companionship"])], 60,
         win([1], "14:00", "17:00") + win([3], "14:00", "17:00")),
    need("n-12", "guangzhou", "r-203", "困难妇女就业资源链接", "resourceLinking", "normal", ["womenInDifficulty"],
         [sw(["resourceLinking"])], 90, UNSCHEDULED),
    need("n-13", "guangzhou", "r-204", "困境儿童学业辅导", "tutoring", "normal", ["childInDifficulty"],
         [vol(1, ["tutoring"])], 120, win([1], "18:30", "21:00") + win([3], "18:30", "21:00")),
    need("n-14", "guangzhou", "r-205", "婆媳矛盾家庭调解", "mediation", "normal", ["womenInDifficulty"],
         [sw(["mediation"], I), vol(1, ["mediation"])], 120, win([2], "14:00", "17:30"),
         excluded=["cw-01"]),
    need("n-15", "guangzhou", "r-206", "失独老人情绪疏导", "counselling", "high", ["elderly", "livingAlone"],
         [sw(["counselling"], I)], 90, win([0], "14:00", "17:30"), preferred=["sw-03"]),
    need("n-16", "guangzhou", None, "校门口交通安全宣传", "publicity", "low", [],
         [vol(2, ["publicity"])], 60, win([4], "16:00", "18:00"), risky=True),
    need("n-17", "guangzhou", "r-207", "残障康复训练", "rehabilitation", "normal", ["disabled", "elderly"],
         [vol(1, ["rehabilitation"])], 120, win([2], "14:00", "16:00")),
    need("n-18", "guangzhou", "r-208", "特困老人就医陪诊", "medicalEscort", "high", ["extremePoverty", "elderly"],
         [sw(["medicalEscort"]), vol(1, ["medicalEscort"])], 180, win([3], "08:30", "12:00")),

    # ---------------- 北关社区 ----------------
    need("n-19", "beiguan", "r-301", "独居老人入户探访", "elderlyCare", "normal", ["elderly", "livingAlone"],
         [sw(["elderlyCare"]), vol(1, ["companionship"])], 60, win([0], "09:00", "11:30"),
         preferred=["cw-03"]),
    need("n-20", "beiguan", "r-302", "事实无人抚养儿童陪伴", "childCare", "high", ["childInDifficulty"],
         [sw(["childCare"]), vol(2, ["companionship"])], 120, win([6], "14:00", "17:00")),
    need("n-21", "beiguan", "r-303", "低保老人助浴", "housework", "normal", ["subsistenceAllowance", "elderly"],
         [vol(2, ["housework"])], 90, win([4], "09:00", "11:30")),
    need("n-22", "beiguan", "r-304", "家暴受害妇女危机干预", "crisisIntervention", "critical", ["womenInDifficulty"],
         [sw(["crisisIntervention"], I), vol(1, ["companionship"])], 120,
         win([0], "09:00", "12:00") + win([1], "09:00", "12:00"), required=True, preferred=["sw-02"]),
    need("n-23", "beiguan", "r-305", "欠薪法律援助咨询", "legalAid", "normal", ["subsistenceAllowance"],
         [vol(1, ["legalAid"])], 60, win([2], "18:30", "20:30")),
    # HARD (declined): only 杜文涛 is both lawyer and mediator, and he declined (conflict of interest).
    need("n-24", "beiguan", "r-306", "遗产继承家庭纠纷法律调解", "legalAid", "normal", ["elderly"],
         [vol(1, ["legalAid", "mediation"])], 120, win([4], "18:30", "21:00")),
    need("n-25", "beiguan", "r-307", "残疾人辅具申领（资源链接）", "resourceLinking", "low", ["disabled"],
         [sw(["resourceLinking"])], 60, UNSCHEDULED),
    need("n-26", "beiguan", "r-308", "老年人防跌倒居家安全评估", "rehabilitation", "normal", ["elderly"],
         [sw(["rehabilitation"]), vol(1, ["firstAid"])], 90, win([3], "14:00", "17:00")),
    need("n-27", "beiguan", "r-309", "独居老人电话随访", "companionship", "low", ["elderly", "livingAlone"],
         [vol(1, ["companionship"])], 30, UNSCHEDULED),

    # ---------------- 定海社区 ----------------
    need("n-28", "dinghai", "r-401", "困境儿童学业辅导", "tutoring", "normal", ["childInDifficulty"],
         [vol(1, ["tutoring"])], 90, win([2], "18:30", "20:30") + win([4], "18:30", "20:30")),
    need("n-29", "dinghai", "r-401", "困境儿童心理疏导", "counselling", "high", ["childInDifficulty"],
         [sw(["counselling", "childCare"], I)], 90, win([1], "14:00", "17:00"), preferred=["sw-02"]),
    # HARD (noCommonTime): needs the senior social worker, who is away on Friday.
    need("n-30", "dinghai", "r-402", "自杀风险老人危机干预评估（需高级社工）", "crisisIntervention", "high",
         ["elderly", "livingAlone"],
         [sw(["crisisIntervention"], S)], 120, win([4], "09:00", "12:00")),
    need("n-31", "dinghai", "r-403", "楼上漏水邻里纠纷调解", "mediation", "normal", [],
         [sw(["mediation"]), vol(1, ["mediation"])], 90, win([3], "14:00", "17:00")),
    need("n-32", "dinghai", "r-404", "特困老人助餐送餐", "housework", "normal",
         ["extremePoverty", "elderly", "livingAlone"],
         [vol(1, ["housework"])], 60, win([1], "11:00", "12:30") + win([3], "11:00", "12:30")),
    need("n-33", "dinghai", "r-405", "残障康复训练", "rehabilitation", "normal", ["disabled"],
         [vol(1, ["rehabilitation"])], 120, win([2], "14:00", "16:00")),
    need("n-34", "dinghai", None, "广场反诈宣传", "publicity", "normal", [],
         [sw(["publicity"]), vol(2, ["publicity"])], 90, win([6], "14:30", "17:00")),
    need("n-35", "dinghai", "r-406", "困难妇女情绪疏导", "counselling", "normal", ["womenInDifficulty"],
         [sw(["counselling"])], 60, win([2], "09:00", "12:00")),

    # ---------------- 东南隅社区 ----------------
    need("n-36", "dongnanyu", "r-501", "失能老人紧急就医陪诊", "medicalEscort", "critical", ["elderly", "disabled"],
         [sw(["medicalEscort"]), vol(1, ["medicalEscort"])], 150, win([1], "08:30", "12:00"), required=True),
    need("n-37", "dongnanyu", "r-502", "独居老人入户探访", "elderlyCare", "normal", ["elderly", "livingAlone"],
         [sw(["elderlyCare"]), vol(1, ["companionship"])], 60, win([4], "09:00", "11:30"),
         excluded=["v-28"]),
    # HARD (noQualifiedPerson): nobody in the five communities signs.
    need("n-38", "dongnanyu", "r-503", "听障老人手语陪同办理社保", "companionship", "normal", ["disabled", "elderly"],
         [vol(1, ["signLanguage"])], 90, win([2], "09:00", "11:30")),
    need("n-39", "dongnanyu", "r-504", "困境儿童周末陪伴", "childCare", "normal", ["childInDifficulty"],
         [vol(1, ["childCare"]), vol(1, ["companionship"])], 120, win([5], "14:00", "17:00")),
    need("n-40", "dongnanyu", "r-505", "残障康复训练", "rehabilitation", "low", ["disabled"],
         [vol(1, ["rehabilitation"])], 120, win([2], "14:00", "16:00")),
    need("n-41", "dongnanyu", "r-506", "低保家庭居室清洁", "housework", "low", ["subsistenceAllowance"],
         [vol(2, ["housework"])], 120, win([5], "09:00", "11:30") + win([6], "09:00", "11:30")),
    need("n-42", "dongnanyu", "r-507", "物业纠纷调解", "mediation", "normal", [],
         [sw(["mediation"]), vol(1, ["mediation"])], 90, win([2], "14:00", "17:00")),
    need("n-43", "dongnanyu", None, "老年人应急救护培训", "firstAid", "normal", ["elderly"],
         [vol(2, ["firstAid"])], 90, win([3], "18:30", "21:00")),
    need("n-44", "dongnanyu", "r-509", "精神障碍患者病情波动危机干预", "crisisIntervention", "critical",
         ["disabled", "subsistenceAllowance"],
         [sw(["crisisIntervention"], I), vol(1, ["firstAid"])], 120, win([1], "14:00", "17:30"), risky=True),
]

# Per (need, person) overrides: cost (e.g. fuel or taxi subsidy) and extra minutes.
PAIRS = [
    {"need": "n-36", "person": "v-14", "cost": 3.0, "extraMinutes": 40},   # drives his own car to the hospital
    {"need": "n-18", "person": "v-12", "cost": 2.5, "extraMinutes": 30},   # taxi to the county hospital
    {"need": "n-10", "person": "v-40", "cost": 0, "extraMinutes": 0},      # meets the patient at the hospital
]

DECLINED = [
    {"need": "n-24", "person": "v-34"},             # conflict of interest: knows the family
    {"need": "n-10", "organization": "guangming"},  # the team does not escort psychiatric patients
]

SOLVER = {"backend": "auto", "timeLimitSeconds": 30, "mipGap": 0, "seed": 1}

# The needs that are meant to stay unserved, and why (also described in datasets/README.md).
HARD = {
    "n-07": "notInsured",
    "n-24": "declined",
    "n-30": "noCommonTime",
    "n-38": "noQualifiedPerson",
}
CLUSTER = ["n-09", "n-17", "n-33", "n-40"]       # same slot, only two therapists free
CLUSTER_SERVED = ["n-09", "n-17"]                 # the two of highest value
EXPECTED_UNSERVED = sorted(list(HARD) + [n for n in CLUSTER if n not in CLUSTER_SERVED])


# =======================================================================================
# Building the document
# =======================================================================================
def build():
    communities = [{"id": cid, "name": name, "partyOrganization": party, "location": {"x": x, "y": y}}
                   for cid, name, party, x, y in COMMUNITIES]
    organizations = []
    for oid, name, kind, max_orders, comms in ORGANIZATIONS:
        o = {"id": oid, "name": name, "kind": kind}
        if max_orders is not None:
            o["maxOrders"] = max_orders
        if comms is not None:
            o["communities"] = list(comms)
        organizations.append(o)
    people = []
    for (pid, name, role, level, org, skills, avail, max_min, max_asg, home, insured, party,
         stars, served) in PEOPLE:
        p = {"id": pid, "name": name, "role": role}
        if level is not None:
            p["level"] = level
        if org is not None:
            p["organization"] = org
        p["skills"] = list(skills)
        if avail is not None:
            p["availability"] = [{"day": d, "from": f, "to": t}
                                 for d, f, t in sorted(avail, key=lambda w: (w[0], w[1]))]
        if max_min is not None:
            p["maxMinutes"] = max_min
        if max_asg is not None:
            p["maxAssignments"] = max_asg
        p["home"] = home
        p["insured"] = insured
        p["partyMember"] = party
        p["stars"] = stars
        p["servedMinutesToDate"] = served
        people.append(p)
    needs = []
    for n in NEEDS:
        m = {}
        for key in ("id", "community", "resident", "title", "category", "urgency", "groups", "team",
                    "durationMinutes", "windows", "risky", "required", "preferred", "excluded"):
            v = n[key]
            if key == "resident" and v is None:
                continue  # a campaign serves no single resident
            if key == "windows":
                if v is None:
                    continue  # unscheduled
                v = [{"day": d, "from": f, "to": t} for d, f, t in v]
            m[key] = v
        needs.append(m)
    return {
        "schema": SCHEMA,
        "horizon": dict(HORIZON),
        "communities": communities,
        "organizations": organizations,
        "people": people,
        "needs": needs,
        "pairs": PAIRS,
        "pinned": [],
        "declined": DECLINED,
        "travel": {"minutesPerKm": MINUTES_PER_KM},
        "solver": SOLVER,
    }


# =======================================================================================
# Self-check
# =======================================================================================
def hm(s):
    assert isinstance(s, str) and len(s) == 5 and s[2] == ":" and s[:2].isdigit() and s[3:].isdigit(), s
    h, m = int(s[:2]), int(s[3:])
    assert m < 60 and (h < 24 or (h == 24 and m == 0)), s
    return h * 60 + m


def fmt(minutes):
    return "%02d:%02d" % divmod(minutes, 60)


class Index:
    """The input's lists by id (for the reference checks; no rule of the contract here)."""

    def __init__(self, doc):
        self.comm = {c["id"]: c for c in doc["communities"]}
        self.org = {o["id"]: o for o in doc["organizations"]}
        self.person = {p["id"]: p for p in doc["people"]}
        self.need = {n["id"]: n for n in doc["needs"]}


def self_check(doc):
    w = Index(doc)
    people, needs = doc["people"], doc["needs"]

    # --- ids unique, non-empty ---
    for key in ("communities", "organizations", "people", "needs"):
        ids = [x["id"] for x in doc[key]]
        assert all(isinstance(i, str) and i for i in ids), key
        assert len(ids) == len(set(ids)), "duplicate id in " + key
    assert [n["id"] for n in needs] == ["n-%02d" % i for i in range(1, 45)], "needs are n-01..n-44"
    assert len(needs) == 44

    # --- references ---
    for c in doc["communities"]:
        assert c["partyOrganization"] and "x" in c["location"] and "y" in c["location"]
    for o in doc["organizations"]:
        for c in o.get("communities", []):
            assert c in w.comm, (o["id"], c)
    for p in people:
        assert p.get("organization") is None or p["organization"] in w.org, p["id"]
        assert p["home"] in w.comm, p["id"]
        assert p["role"] in ("socialWorker", "volunteer"), p["id"]
        if p["role"] == "socialWorker":
            assert p.get("level") in LEVELS, p["id"] + " needs a level"
        assert 1 <= p["stars"] <= 5 and p["servedMinutesToDate"] >= 0
        for s in p["skills"]:
            assert s in SKILLS, (p["id"], s)
    for n in needs:
        assert n["community"] in w.comm, n["id"]
        for pid in n["preferred"] + n["excluded"]:
            assert pid in w.person, (n["id"], pid)
        assert not set(n["preferred"]) & set(n["excluded"]), n["id"]
        for g in n["groups"]:
            assert g in GROUP_WEIGHT, (n["id"], g)
        assert n["urgency"] in URGENCY_WEIGHT, n["id"]
        assert n["category"] in SKILLS, n["id"]
        for pos in n["team"]:
            assert pos["role"] in ("socialWorker", "volunteer", "any") and pos["count"] >= 1
            assert pos.get("minLevel", "assistant") in LEVELS
            for s in pos["skills"]:
                assert s in SKILLS, (n["id"], s)
    seen_pairs = set()
    for pr in doc["pairs"]:
        assert pr["need"] in w.need and pr["person"] in w.person, pr
        assert (pr["need"], pr["person"]) not in seen_pairs, pr
        seen_pairs.add((pr["need"], pr["person"]))
    for d in doc["declined"]:
        assert d["need"] in w.need, d
        assert ("person" in d) != ("organization" in d), d
        assert d.get("person", next(iter(w.person))) in w.person, d
        assert d.get("organization", next(iter(w.org))) in w.org, d
    assert not doc["pinned"], "the demo pins nothing"

    # --- times ---
    for p in people:
        for a in p.get("availability", []):
            assert 0 <= a["day"] < DAYS and hm(a["to"]) > hm(a["from"]), (p["id"], a)
    for n in needs:
        assert n["durationMinutes"] >= 1 and n["durationMinutes"] % SLOT == 0, n["id"]
        if "windows" not in n:
            continue
        assert n["windows"], n["id"] + ": windows must not be empty"
        for a in n["windows"]:
            assert 0 <= a["day"] < DAYS, (n["id"], a)
            f, t = hm(a["from"]), hm(a["to"])
            assert f % SLOT == 0 and t % SLOT == 0, (n["id"], a, "not on a slot boundary")
            assert t > f and t - f >= n["durationMinutes"], (n["id"], a, "service does not fit")
            assert t - f <= 5 * 60, (n["id"], a, "keep windows short")
        assert len({a["day"] for a in n["windows"]}) <= 2, n["id"]

    # --- the shape of the data the brief asks for ---
    sws = [p for p in people if p["role"] == "socialWorker"]
    station = [p for p in sws if p.get("organization") == "huiguang"]
    assert len(station) == 6 and sorted(p["level"] for p in station).count("senior") == 1
    assert 55 <= len(people) <= 65
    uninsured = sum(1 for p in people if not p["insured"])
    assert 0.25 <= uninsured / len(people) <= 0.4, uninsured
    assert sum(1 for n in needs if n["required"]) in (1, 2)
    assert all(n["required"] is False for n in needs if n["id"] in EXPECTED_UNSERVED)

    return True


def find_liandong(given):
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for candidate in ([given] if given else []) + [os.path.join(here, ".build", "release", "liandong"),
                                                   os.path.join(here, ".build", "debug", "liandong")]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("liandong")


def engine_check(doc, text, binary):
    """The engine's own verdict on the week: valid, optimal, the hard needs unserved for their
    intended reasons and nothing else, the plan accepted by `check`."""
    with tempfile.TemporaryDirectory() as tmp:
        week = os.path.join(tmp, "week.json")
        plan_path = os.path.join(tmp, "plan.json")
        with open(week, "w", encoding="utf-8") as f:
            f.write(text)
        r = subprocess.run([binary, "validate", week], capture_output=True, text=True)
        assert r.returncode == 0, "liandong validate rejects the demo:\n" + r.stdout + r.stderr
        validation = json.loads(r.stdout)
        # the one warning meant: nobody has the sign language n-38 asks for
        hard = "/needs/%d/" % [n["id"] for n in doc["needs"]].index("n-38")
        assert all(x["path"].startswith(hard) for x in validation["warnings"]), validation["warnings"]
        r = subprocess.run([binary, "plan", week, "--backend", "glpk", "--time-limit", "60", "--quiet", "-o", plan_path],
                           capture_output=True, text=True)
        assert r.returncode == 0, "liandong plan failed:\n" + r.stderr
        plan = json.load(open(plan_path, encoding="utf-8"))
        assert plan["status"] == "optimal", plan["status"]
        unserved = {u["need"]: u["reasons"] for u in plan["unserved"]}
        assert sorted(unserved) == EXPECTED_UNSERVED, ("unserved", sorted(unserved))
        for nid, reason in HARD.items():
            assert unserved[nid] == [reason], (nid, unserved[nid], "meant: " + reason)
        for nid in CLUSTER:
            if nid not in CLUSTER_SERVED:
                assert "lowerValue" in unserved[nid], (nid, unserved[nid])
        r = subprocess.run([binary, "check", week, plan_path], capture_output=True, text=True)
        assert r.returncode == 0, "liandong check rejects the plan:\n" + r.stdout
        return plan


def summary(doc, plan):
    needs, people = doc["needs"], doc["people"]
    by_urgency = {}
    for n in needs:
        by_urgency[n["urgency"]] = by_urgency.get(n["urgency"], 0) + 1
    lines = [
        "needs: %d (%s); scheduled %d, unscheduled %d, risky %d, required %d"
        % (len(needs), ", ".join("%s %d" % (u, by_urgency.get(u, 0)) for u in URGENCY_WEIGHT),
           sum(1 for n in needs if "windows" in n), sum(1 for n in needs if "windows" not in n),
           sum(1 for n in needs if n["risky"]), sum(1 for n in needs if n["required"])),
        "people: %d (social workers %d, volunteers %d; uninsured %d; always free %d)"
        % (len(people), sum(1 for p in people if p["role"] == "socialWorker"),
           sum(1 for p in people if p["role"] == "volunteer"),
           sum(1 for p in people if not p["insured"]), sum(1 for p in people if "availability" not in p)),
        "meant to stay unserved: " + ", ".join(
            "%s (%s)" % (nid, HARD.get(nid, "capacity")) for nid in EXPECTED_UNSERVED),
    ]
    if plan is not None:
        lines.append("engine: plan %s, serves %d of %d needs, objective %s"
                     % (plan["status"], plan["summary"]["served"], len(needs), plan["solver"]["objective"]))
    return "\n".join(lines)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(os.path.dirname(here), "wenchang-week.json")
    check_only = False
    given = None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--check":
            check_only = True
        elif a in ("-o", "--output") and args:
            out = args.pop(0)
        elif a == "--liandong" and args:
            given = args.pop(0)
        else:
            sys.stderr.write("usage: make_demo.py [--check] [-o FILE] [--liandong PATH]\n")
            return 64
    doc = build()
    self_check(doc)
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    binary = find_liandong(given)
    if binary is None:
        sys.stderr.write("make_demo.py: no liandong binary (swift build first, or --liandong PATH): the engine checks are needed\n")
        return 69
    plan = engine_check(doc, text, binary)
    # the written text must read back as the same document, with keys in contract order
    back = json.loads(text)
    assert back == doc and list(back) == ["schema", "horizon", "communities", "organizations", "people",
                                          "needs", "pairs", "pinned", "declined", "travel", "solver"]
    sys.stderr.write(summary(doc, plan) + "\n")
    if check_only:
        return 0
    if out == "-":
        sys.stdout.write(text)
    else:
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        sys.stderr.write("wrote " + os.path.relpath(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
