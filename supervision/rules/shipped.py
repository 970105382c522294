"""The two rule profiles that ship (DOMAIN.md): CN, the default, and US Regulation F."""

import datetime as dt

# The settings that the contract version 2 metrics need (DOMAIN.md), per shipped profile.
CN_VERSION_2_RULES = {
    "recording_required": True, "registered_third_parties_only": True, "reachable_window_days": 3,
    "stop_requests_counted": True, "post_conversation_cooldown_days": None,
}
REG_F_VERSION_2_RULES = {
    "recording_required": False, "registered_third_parties_only": False, "reachable_window_days": None,
    "stop_requests_counted": True, "post_conversation_cooldown_days": 7,
}
VERSION_2_BASIS = {
    "CN": " Version 2: GB/T 45251-2025 and CBA 2026 call for recording the whole collection process, and for third "
          "parties only as the borrower's registered contacts, only on loss of contact (reachable window 3 days, a "
          "setting); contacts after a written stop request or dispute counted (a setting).",
    "US Regulation F": " Version 2: 12 CFR 1006.6(c) and 1006.34 (cease communication; disputes); 12 CFR "
                       "1006.14(b)(2)(ii): no call within 7 days of a telephone conversation.",
}

PROFILES = [
    {
        "name": "CN", "version": 1, "is_default": True,
        "permitted_from": dt.time(8, 0), "permitted_until": dt.time(22, 0),
        "combined_daily_connected_limit": 3, "collector_daily_attempt_limit": 6, "seven_day_attempt_limit": 7,
        "blasting_threshold": 5, "response_window_days": 15,
        **CN_VERSION_2_RULES,
        "basis": "GB/T 45251-2025 (no collection 22:00-08:00; at most 3 effective conversations a day, institution "
                 "and agencies together); CBA 2026 guideline (at most 6 attempts a day); 7-in-7 kept as a setting; "
                 "《银行业保险业消费投诉处理管理办法》 (2020): 15 days to answer a complaint." + VERSION_2_BASIS["CN"],
    },
    {
        "name": "US Regulation F", "version": 1, "is_default": False,
        "permitted_from": dt.time(8, 0), "permitted_until": dt.time(21, 0),
        "combined_daily_connected_limit": None, "collector_daily_attempt_limit": None, "seven_day_attempt_limit": 7,
        "blasting_threshold": 5, "response_window_days": 15,
        **REG_F_VERSION_2_RULES,
        "basis": "12 CFR 1006.6(b)(1)(i): not before 8 a.m. or after 9 p.m.; 12 CFR 1006.14(b)(2): 7 calls in 7 days; "
                 "CFPB company response window, 15 days." + VERSION_2_BASIS["US Regulation F"],
    },
]
