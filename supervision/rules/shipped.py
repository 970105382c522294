"""The two rule profiles that ship (DOMAIN.md): CN, the default, and US Regulation F."""

import datetime as dt

PROFILES = [
    {
        "name": "CN", "version": 1, "is_default": True,
        "permitted_from": dt.time(8, 0), "permitted_until": dt.time(22, 0),
        "combined_daily_connected_limit": 3, "collector_daily_attempt_limit": 6, "seven_day_attempt_limit": 7,
        "blasting_threshold": 5, "response_window_days": 15,
        "basis": "GB/T 45251-2025 (no collection 22:00-08:00; at most 3 effective conversations a day, institution "
                 "and agencies together); CBA 2026 guideline (at most 6 attempts a day); 7-in-7 kept as a setting; "
                 "《银行业保险业消费投诉处理管理办法》 (2020): 15 days to answer a complaint.",
    },
    {
        "name": "US Regulation F", "version": 1, "is_default": False,
        "permitted_from": dt.time(8, 0), "permitted_until": dt.time(21, 0),
        "combined_daily_connected_limit": None, "collector_daily_attempt_limit": None, "seven_day_attempt_limit": 7,
        "blasting_threshold": 5, "response_window_days": 15,
        "basis": "12 CFR 1006.6(b)(1)(i): not before 8 a.m. or after 9 p.m.; 12 CFR 1006.14(b)(2): 7 calls in 7 days; "
                 "CFPB company response window, 15 days.",
    },
]
