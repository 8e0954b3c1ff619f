#!/usr/bin/env python3
"""Writes web-sdk-batch.json: 10 events shaped like what @aws/clickstream-web sends (about 7 KB)."""
import json, uuid, random

random.seed(7)
device, unique = str(uuid.UUID(int=random.getrandbits(128))), str(uuid.UUID(int=random.getrandbits(128)))
session = f"{unique[:8]}-20261122-040000123"
t0 = 1795320000000
pages = ["/", "/category/lamps", "/product/sku-1042", "/cart", "/checkout"]
events = []
for i in range(10):
    ts = t0 + i * 3150
    name = ["_page_view", "view_item", "add_to_cart", "_user_engagement", "_page_view"][i % 5]
    page = pages[i % len(pages)]
    e = {
        "unique_id": unique, "event_type": name,
        "event_id": str(uuid.UUID(int=random.getrandbits(128))), "device_id": device,
        "timestamp": ts, "platform": "Web", "make": "Google Inc.",
        "locale": "en-US", "system_language": "en", "country_code": "US", "zone_offset": -28800000,
        "screen_height": 1080, "screen_width": 1920,
        "viewport_height": 953, "viewport_width": 1920,
        "sdk_name": "aws-solution-clickstream-sdk", "sdk_version": "0.12.5",
        "app_id": "shop",
        "items": [],
        "user": {"_user_first_touch_timestamp": {"value": t0 - 86400000, "set_timestamp": t0 - 86400000}},
        "attributes": {
            "_session_id": session, "_session_start_timestamp": t0, "_session_duration": ts - t0,
            "_session_number": 3, "_page_title": "Example Shop",
            "_page_url": "https://shop.example.com" + page + "",

        },
    }
    if i == 0:
        e["attributes"]["_entrances"] = 1
    else:
        del e["user"]
    if name == "_user_engagement":
        e["attributes"]["_engagement_time_msec"] = 3150
    if name in ("view_item", "add_to_cart"):
        e["items"] = [{"id": "sku-1042", "name": "Brass desk lamp", "price": 49.9, "quantity": 1}]
        e["attributes"]["_value"] = 49.9
        e["attributes"]["_currency"] = "USD"
    events.append(e)
body = json.dumps(events, separators=(",", ":"))
open("web-sdk-batch.json", "w").write(body)
print(len(body), "bytes")
