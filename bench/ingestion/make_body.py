#!/usr/bin/env python3
"""Writes web-sdk-batch.json: 10 events shaped like what @aws/clickstream-web sends (about 7 KB).
With two arguments, N DIR, it writes N different bodies of random visitors instead (DIR/body-0.json ...), for
judging compression on varied traffic: the benchmark body repeats itself, so it compresses better than real traffic.
"""
import json, os, random, sys, uuid

def varied(rng, t0):
    """One body of 10 events from a random visitor: ids, times, pages, devices, items, values all differ."""
    uid = lambda: str(uuid.UUID(int=rng.getrandbits(128)))
    device, unique = uid(), uid()
    t0 += rng.randrange(0, 86400000)
    session = f"{unique[:8]}-20261122-{rng.randrange(10**9):09d}"
    langs = [("en-US", "en", "US"), ("de-DE", "de", "DE"), ("fr-FR", "fr", "FR"), ("ja-JP", "ja", "JP"),
             ("pt-BR", "pt", "BR"), ("en-GB", "en", "GB"), ("es-MX", "es", "MX")]
    locale, lang, country = rng.choice(langs)
    screen = rng.choice([(1080, 1920), (900, 1440), (1440, 2560), (768, 1366), (844, 390), (915, 412)])
    make = rng.choice(["Google Inc.", "Apple Computer, Inc.", ""])
    products = [(f"sku-{rng.randrange(1, 99999)}", rng.choice(["Brass desk lamp", "Oak side table", "Linen cushion",
                "Wool throw", "Ceramic vase", "Walnut shelf", "Floor lamp", "Rattan chair"]) + f" {rng.randrange(100)}",
                round(rng.uniform(3, 900), 2)) for _ in range(4)]
    pages = ["/", "/search?q=" + rng.choice(["lamp", "table", "vase", "gift"]) + str(rng.randrange(1000)),
             "/category/" + rng.choice(["lamps", "tables", "textiles", "decor"])] + [f"/product/{p[0]}" for p in products] + ["/cart", "/checkout"]
    events, ts, number = [], t0, rng.randrange(1, 40)
    for i in range(10):
        ts += rng.randrange(200, 60000)
        name = rng.choice(["_page_view", "_page_view", "view_item", "add_to_cart", "_user_engagement", "_scroll", "search", "purchase"])
        page = rng.choice(pages)
        e = {
            "unique_id": unique, "event_type": name, "event_id": uid(), "device_id": device,
            "timestamp": ts, "platform": "Web", "make": make,
            "locale": locale, "system_language": lang, "country_code": country,
            "zone_offset": rng.choice([-28800000, 3600000, 0, 32400000, -10800000]),
            "screen_height": screen[0], "screen_width": screen[1],
            "viewport_height": screen[0] - rng.randrange(0, 200), "viewport_width": screen[1] - rng.randrange(0, 30),
            "sdk_name": "aws-solution-clickstream-sdk", "sdk_version": "0.12.5", "app_id": "shop", "items": [],
            "attributes": {"_session_id": session, "_session_start_timestamp": t0, "_session_duration": ts - t0,
                           "_session_number": number, "_page_title": rng.choice(["Example Shop", "Lamps | Example Shop",
                           "Your cart", "Checkout - Example Shop"]),
                           "_page_url": "https://shop.example.com" + page,
                           "_page_referrer": "https://" + rng.choice(["www.google.com/", "duckduckgo.com/", "shop.example.com" + rng.choice(pages)])},
        }
        if i == 0:
            e["user"] = {"_user_first_touch_timestamp": {"value": t0 - rng.randrange(86400000 * 30), "set_timestamp": t0}}
            e["attributes"]["_entrances"] = 1
        if name == "_user_engagement":
            e["attributes"]["_engagement_time_msec"] = rng.randrange(100, 90000)
        if name in ("view_item", "add_to_cart", "purchase"):
            p = rng.choice(products)
            e["items"] = [{"id": p[0], "name": p[1], "price": p[2], "quantity": rng.randrange(1, 4)}]
            e["attributes"]["_value"] = p[2]
            e["attributes"]["_currency"] = rng.choice(["USD", "EUR", "JPY"])
        if name == "search":
            e["attributes"]["search_term"] = rng.choice(["lamp", "brass", "oak table", "gift for mum"]) + str(rng.randrange(99))
        events.append(e)
    return json.dumps(events, separators=(",", ":"))


if len(sys.argv) == 3:
    # make_body.py N DIR: N different bodies (body-0.json ...) for judging compression on varied traffic.
    count, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(11)
    sizes = []
    for n in range(count):
        text = varied(rng, 1795320000000)
        sizes.append(len(text))
        with open(os.path.join(out, f"body-{n}.json"), "w") as f:
            f.write(text)
    print(count, "bodies in", out, "mean", sum(sizes) // count, "bytes")
    sys.exit(0)


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
