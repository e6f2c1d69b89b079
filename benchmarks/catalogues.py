"""Large seed catalogues for the scale benchmarks, in the real seed formats.

usage: python benchmarks/catalogues.py OUT_DIR [--scale 1.0] [--seed 7]

Copies the real `seeds/` into OUT_DIR (so every real sentence still resolves)
and adds generated files next to them: at scale 1.0, 100,000 tracks, 20,000
artists, 50,000 places and 5,000 contacts, with English and Chinese names.
Names are built from word lists (deterministic for a given seed), are varied
(people, bands, chain branches, landmarks; English titles, Chinese titles,
pinyin spellings of Chinese artists) and never repeat a real name or alias,
so the real catalogue keeps resolving the way it does with the real seeds.
Every file is loaded through the real loader (`assistant.seeds.load_seeds`).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.seeds import CATEGORIES, load_seeds  # noqa: E402

REAL_SEEDS = ROOT / "seeds"
FULL = {"tracks": 100_000, "artists": 20_000, "places": 50_000, "contacts": 5_000}

# ------------------------------------------------------------------ word lists
EN_FIRST = """james mary robert patricia john jennifer michael linda david elizabeth william barbara
richard susan joseph jessica thomas sarah charles karen daniel nancy matthew lisa anthony betty mark
margaret donald sandra steven ashley paul kimberly andrew emily joshua donna kenneth michelle kevin
carol brian amanda george melissa timothy deborah ronald stephanie edward rebecca jason sharon jeffrey
laura ryan cynthia jacob kathleen gary amy nicholas angela eric shirley jonathan anna stephen ruth larry
brenda justin pamela scott nicole brandon katherine benjamin samantha samuel christine gregory emma
alexander catherine frank debra patrick rachel raymond carolyn jack janet dennis maria jerry heather
tyler diane aaron julie jose joyce adam victoria nathan kelly henry christina douglas joan zachary
evelyn peter lauren kyle judith ethan olivia walter megan noah cheryl jeremy martha christian andrea
keith frances roger hannah terry jacqueline austin ann sean gloria gerald jean carl kathryn harold
alice dylan teresa arthur sara lawrence janice jordan doris jesse madison bryan julia billy grace
bruce judy gabriel abigail joe marie logan denise albert beverly willie amber alan theresa eugene
marilyn russell danielle vincent diana bobby isabella johnny natalie bradley sophia roy charlotte
oliver luna mateo aria leo nora felix ivy hugo iris oscar hazel milo ruby silas violet jasper
""".split()
EN_LAST = """smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez
clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green
adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz
parker cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan
cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood
james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster
jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes fisher vasquez
simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole
hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens
harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker
guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon munoz
hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren mills meyer rice
schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn kelley
spencer hawkins arnold pierce vazquez hansen peters santos hart bradley knight elliott cunningham
duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins hoffman
johnston matthews pena richards willis carson bishop""".split()
EN_ADJ = """silver golden broken quiet electric midnight wild lonely crimson neon velvet hollow
burning frozen distant endless hidden secret paper glass iron bright dark blue green red black white
little last first lucky lazy sweet bitter summer winter autumn spring northern southern eastern
western sleepy restless shining falling rising empty heavy gentle savage tender cosmic lunar solar
static digital analog rusty dusty smoky misty stormy sunny rainy windy starry faded painted wooden
crystal marble copper amber scarlet violet indigo ivory emerald sapphire ruby jade coral cobalt
hungry happy angry crazy honest humble brave clever careless faithful fearless gracious jealous
magic mellow modern ancient young old new""".split()
EN_NOUN = """heart river moon sun star road city night dream fire rain storm ocean sky light shadow
garden window mirror highway train engine radio letter promise secret story song kiss smile tear
memory echo whisper thunder lightning desert mountain valley island harbor bridge tower castle
forest meadow canyon horizon morning evening sunset sunrise season summer winter heartbeat pulse
signal frequency satellite rocket planet comet galaxy orbit machine motor wheel mile avenue
boulevard street alley corner station platform ticket passport suitcase postcard photograph
diamond pearl rose lily orchid tulip daisy willow oak pine maple cedar wolf fox tiger lion eagle
raven sparrow dove swan butterfly dragon phoenix ghost angel devil saint sinner stranger lover
friend soldier sailor pilot driver dancer singer poet painter thief king queen prince princess
kingdom empire republic paradise heaven voyage journey parade carnival circus festival lullaby
anthem ballad serenade symphony melody rhythm harmony chorus""".split()
EN_VERB = """dancing running waiting falling flying driving dreaming walking chasing burning
calling crying holding leaving missing riding shining singing sleeping talking""".split()
EN_BAND_NOUN = """kings wolves lions tigers ghosts angels pilots sailors drivers dreamers strangers
lovers saints sinners rebels riders robots machines engines rockets comets planets stars shadows
echoes foxes ravens sparrows doves swans dragons phoenixes gardens rivers mountains islands
harbors bridges towers castles""".split()
GENRES = """pop rock jazz classical hip_hop country blues rnb electronic folk metal reggae latin
cpop cantopop kpop jpop lofi indie soul funk punk ambient soundtrack""".split()

ZH_SURNAME = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
ZH_GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩凯健俊帆帅旭宁龙林欣悦晨曦子涵梓萱一诺思远嘉怡雨桐语嫣浩然俊熙宇轩皓轩")
ZH_TITLE_A = """夏天 冬天 春天 秋天 月光 星空 海边 城市 夜晚 清晨 黄昏 雨天 风中 梦里 远方 故乡 街角 窗外 天空 山顶 河畔 花园
心里 路上 车里 旅途 青春 时光 回忆 未来 昨天 明天 今夜 午后 黎明 彩虹 雪花 烟火 灯塔 列车 码头 小镇 森林 沙漠 草原""".split()
ZH_TITLE_B = """的风 的雨 的歌 的梦 的你 的我 的约定 的告白 的秘密 的温柔 的思念 的眼泪 的微笑 的旋律 的故事 的信 的光 的影子
的海 的花 的少年 的姑娘 的拥抱 的晚安 的心跳 的誓言 的等待 的孤单 的自由 的远方""".split()
ZH_TITLE_C = """不说再见 慢慢走 一个人 好久不见 我们的歌 别哭了 想念你 等你回来 再见青春 红色高跟鞋 晴天以后 后来的我们
遇见 小幸运 平凡之路 起风以后 向前走 风吹麦浪 月亮代表谁 星河万里 北方以北 南方姑娘 山海之间 人间烟火 岁月神偷""".split()
CITIES = [("Shanghai", "上海", 31.23, 121.47), ("Beijing", "北京", 39.90, 116.41),
          ("Hangzhou", "杭州", 30.27, 120.16), ("Suzhou", "苏州", 31.30, 120.59),
          ("Nanjing", "南京", 32.06, 118.80), ("Shenzhen", "深圳", 22.54, 114.06),
          ("Guangzhou", "广州", 23.13, 113.26), ("Chengdu", "成都", 30.57, 104.07),
          ("Wuhan", "武汉", 30.59, 114.31), ("Xi'an", "西安", 34.34, 108.94),
          ("Chongqing", "重庆", 29.56, 106.55), ("Tianjin", "天津", 39.34, 117.36),
          ("Qingdao", "青岛", 36.07, 120.38), ("Xiamen", "厦门", 24.48, 118.09),
          ("Changsha", "长沙", 28.23, 112.94), ("Ningbo", "宁波", 29.87, 121.54)]
ZH_DISTRICT = """人民 中山 解放 建设 和平 新华 胜利 光明 东风 长江 黄河 振兴 滨江 世纪 金桥 花木 龙华 南山 天河 武林 西湖 钱江
望京 中关村 朝阳 海淀 徐汇 静安 浦东 虹桥 江湾 五角场 陆家嘴 张江 科技园 高新 开发区 大学城 火车站 机场 体育 文化 公园 湖滨""".split()
ZH_DISTRICT_EN = """renmin zhongshan jiefang jianshe heping xinhua shengli guangming dongfeng changjiang
huanghe zhenxing binjiang shiji jinqiao huamu longhua nanshan tianhe wulin xihu qianjiang wangjing
zhongguancun chaoyang haidian xuhui jing'an pudong hongqiao jiangwan wujiaochang lujiazui zhangjiang
science_park hi-tech development_zone university_town railway_station airport stadium cultural park lakeside""".split()
ZH_ROAD_SUFFIX = [("Road", "路"), ("Street", "街"), ("Avenue", "大道"), ("Square", "广场"), ("Plaza", "中心")]
PLACE_KINDS = {
    "charging_station": [("Charging Station", "充电站"), ("Supercharger", "超级充电站"), ("EV Charging Hub", "充电中心")],
    "gas_station": [("Gas Station", "加油站"), ("Petrol Station", "加油站"), ("Fuel Stop", "加油点")],
    "parking": [("Parking Garage", "停车场"), ("Car Park", "停车库"), ("Parking Lot", "停车场")],
    "restaurant": [("Noodle House", "面馆"), ("Hot Pot", "火锅"), ("Dumpling Bar", "饺子馆"), ("Bistro", "小馆"),
                   ("Grill", "烤肉"), ("Kitchen", "私房菜"), ("Dim Sum", "早茶")],
    "coffee": [("Coffee", "咖啡"), ("Cafe", "咖啡馆"), ("Tea House", "茶馆")],
    "rest_area": [("Service Area", "服务区"), ("Rest Stop", "休息区")],
    "restroom": [("Public Toilet", "公共厕所"), ("Restroom", "卫生间")],
    "hotel": [("Hotel", "酒店"), ("Inn", "客栈"), ("Suites", "公寓酒店")],
    "hospital": [("Hospital", "医院"), ("Clinic", "诊所"), ("Medical Center", "医疗中心")],
    "supermarket": [("Supermarket", "超市"), ("Market", "市场"), ("Grocery", "便利店")],
    "car_wash": [("Car Wash", "洗车"), ("Auto Spa", "汽车美容")],
    "attraction": [("Museum", "博物馆"), ("Gallery", "美术馆"), ("Garden", "园林"), ("Pagoda", "塔"),
                   ("Temple", "寺"), ("Theatre", "大剧院")],
}
BRANDS = [("Sunrise", "日出"), ("Golden Dragon", "金龙"), ("Blue Sky", "蓝天"), ("Evergreen", "长青"),
          ("Lucky Star", "福星"), ("Harmony", "和谐"), ("Jade Garden", "翠园"), ("Red Lantern", "红灯笼"),
          ("Silver Moon", "银月"), ("Happy Valley", "欢乐谷"), ("Orient", "东方"), ("Peach Blossom", "桃花"),
          ("Bamboo", "竹林"), ("Lotus", "莲花"), ("Phoenix", "凤凰"), ("Great Wall", "长城"),
          ("Pearl", "明珠"), ("Spring Breeze", "春风"), ("Panda", "熊猫"), ("Crane", "仙鹤")]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(item: dict) -> str:
    parts = []
    for key, value in item.items():
        if value is None:
            parts.append(f"{key}: null")
        elif isinstance(value, (list, tuple)):
            parts.append(f"{key}: [{', '.join(_q(v) for v in value)}]")
        elif isinstance(value, str):
            parts.append(f"{key}: {_q(value)}")
        else:
            parts.append(f"{key}: {value}")
    return "- {" + ", ".join(parts) + "}"


def _real_names(seeds) -> set[str]:
    names: set[str] = set()
    for kind in ("places", "artists", "genres", "stations", "playlists", "contacts"):
        for item in getattr(seeds, kind):
            names.add(item.name.casefold())
            if item.name_zh:
                names.add(item.name_zh)
            names.update(a.casefold() for a in item.aliases)
    for t in seeds.tracks:
        names.add(t.song.casefold())
        if t.song_zh:
            names.add(t.song_zh)
        if t.album:
            names.add(t.album.casefold())
    return names


def _pinyin_name(zh: str) -> str:
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(zh)
    surname, given = syllables[0], "".join(syllables[1:])
    return f"{surname.capitalize()} {given.capitalize()}"


class _Names:
    """Fresh names: never a real one, never one already generated for that kind."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self.used: dict[str, set[str]] = {}

    def fresh(self, kind: str, make, tries: int = 50) -> str | None:
        used = self.used.setdefault(kind, set())
        for _ in range(tries):
            name = make()
            key = name.casefold()
            if key not in self.taken and key not in used:
                used.add(key)
                return name
        return None


def _title(words: list[str]) -> str:
    small = {"of", "the", "in", "on", "a", "and", "to", "for"}
    return " ".join(w if (i and w in small) else w.capitalize() for i, w in enumerate(words))


def generate(out: Path, scale: float = 1.0, seed: int = 7, real: Path = REAL_SEEDS) -> dict[str, int]:
    """Copy the real seeds to `out` and add generated catalogues; the counts added."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for path in real.glob("*.yaml"):
        shutil.copy2(path, out / path.name)
    real_seeds = load_seeds(real)
    names = _Names(_real_names(real_seeds))
    sizes = {k: max(1, round(v * scale)) for k, v in FULL.items()}
    counts: dict[str, int] = {}

    # ---- artists: solo English, bands, Chinese (with pinyin spelling)
    artists: list[dict] = []
    chinese_artists: set[str] = set()
    while len(artists) < sizes["artists"]:
        roll = rng.random()
        aid = f"gen-artist-{len(artists)}"
        genre = rng.choice(GENRES)
        if roll < 0.45:
            name = names.fresh("artists", lambda: f"{rng.choice(EN_FIRST).capitalize()} {rng.choice(EN_LAST).capitalize()}")
            item = {"id": aid, "name": name, "genre": genre}
        elif roll < 0.70:
            def band() -> str:
                pattern = rng.random()
                if pattern < 0.4:
                    return _title(["the", rng.choice(EN_ADJ), rng.choice(EN_BAND_NOUN)])
                if pattern < 0.7:
                    return _title([rng.choice(EN_ADJ), rng.choice(EN_NOUN)])
                return _title([rng.choice(EN_NOUN), "and", "the", rng.choice(EN_BAND_NOUN)])
            name = names.fresh("artists", band)
            item = {"id": aid, "name": name, "genre": genre}
        else:
            zh = names.fresh("artists_zh", lambda: rng.choice(ZH_SURNAME) + "".join(
                rng.choice(ZH_GIVEN) for _ in range(rng.choice((1, 2, 2)))))
            if zh is None:
                continue
            name = names.fresh("artists", lambda: _pinyin_name(zh))
            item = {"id": aid, "name": name, "name_zh": zh,
                    "genre": rng.choice(("cpop", "cpop", "cantopop", "folk", "rock", "hip_hop"))}
            if name is not None:
                chinese_artists.add(aid)
        if name is None:
            continue
        artists.append(item)
    known_genres = {g.id for g in real_seeds.genres}
    for item in artists:  # keep only genres the real catalogue defines
        if item.get("genre") not in known_genres:
            item["genre"] = None
    counts["artists"] = len(artists)

    # ---- tracks: English titles, Chinese titles for Chinese artists (with an English one)
    def en_title() -> str:
        p = rng.random()
        if p < 0.3:
            return _title([rng.choice(EN_ADJ), rng.choice(EN_NOUN)])
        if p < 0.5:
            return _title([rng.choice(EN_NOUN), "of", "the", rng.choice(EN_ADJ), rng.choice(EN_NOUN)])
        if p < 0.7:
            return _title([rng.choice(EN_VERB), "in", "the", rng.choice(EN_NOUN)])
        if p < 0.85:
            return _title([rng.choice(EN_ADJ), rng.choice(EN_ADJ), rng.choice(EN_NOUN)])
        return _title(["the", rng.choice(EN_NOUN), rng.choice(("song", "blues", "waltz", "ballad", "anthem"))])

    def zh_title() -> str:
        p = rng.random()
        if p < 0.6:
            return rng.choice(ZH_TITLE_A) + rng.choice(ZH_TITLE_B)
        if p < 0.8:
            return rng.choice(ZH_TITLE_C) + rng.choice(("", "", "（现场版）", "2", "之歌"))
        return rng.choice(ZH_TITLE_A) + rng.choice(ZH_TITLE_A)

    tracks: list[dict] = []
    seen: set[tuple[str, str]] = set()
    albums: dict[str, list[str]] = {}
    taken = names.taken
    while len(tracks) < sizes["tracks"]:
        artist = artists[rng.randrange(len(artists))]
        song = en_title()
        song_zh = zh_title() if artist["id"] in chinese_artists and rng.random() < 0.8 else None
        key = (artist["id"], song.casefold())
        if key in seen or song.casefold() in taken or (song_zh and song_zh in taken):
            continue
        seen.add(key)
        album_list = albums.setdefault(artist["id"], [])
        if not album_list or rng.random() < 0.1:
            album_list.append(_title([rng.choice(EN_ADJ), rng.choice(EN_NOUN)]))
        album = rng.choice(album_list)
        if album.casefold() in taken:
            album = None
        track = {"song": song, "song_zh": song_zh, "artist": artist["id"], "album": album,
                 "genre": artist.get("genre"), "year": rng.randint(1960, 2024)}
        tracks.append({k: v for k, v in track.items() if v is not None})
    counts["tracks"] = len(tracks)

    # ---- places: chain branches, local businesses, landmarks, roads
    places: list[dict] = []
    while len(places) < sizes["places"]:
        city, city_zh, lat0, lon0 = rng.choice(CITIES)
        di = rng.randrange(len(ZH_DISTRICT))
        district, district_en = ZH_DISTRICT[di], ZH_DISTRICT_EN[di].replace("_", " ").title()
        category = rng.choice(CATEGORIES + (None,))
        aliases: list[str] = []
        if category is None:
            suffix, suffix_zh = rng.choice(ZH_ROAD_SUFFIX)
            name = f"{district_en} {suffix} {rng.choice(('Mall', 'Tower', 'Center', 'Plaza', 'Park'))}"
            name_zh = f"{district}{suffix_zh}{rng.choice(('商场', '大厦', '中心', '广场', '公园'))}"
        else:
            kind_en, kind_zh = rng.choice(PLACE_KINDS[category])
            if rng.random() < 0.5:
                brand, brand_zh = rng.choice(BRANDS)
                name = f"{brand} {kind_en} ({district_en})"
                name_zh = f"{brand_zh}{kind_zh}（{district}店）"
                aliases = [f"{brand} {kind_en}".lower(), f"{brand_zh}{kind_zh}"]
            else:
                owner = rng.choice(EN_LAST).capitalize()
                name = f"{owner}'s {kind_en} {district_en}"
                name_zh = f"{rng.choice(ZH_SURNAME)}记{kind_zh}（{district}）"
        if names.fresh("places", lambda: name, tries=1) is None:
            # a repeat: make it a numbered branch, as real maps do
            name = f"{name} No. {rng.randint(2, 99)}"
            if names.fresh("places", lambda: name, tries=1) is None:
                continue
        place = {"id": f"gen-place-{len(places)}", "name": name, "name_zh": name_zh,
                 "aliases": aliases or None, "category": category, "city": city, "city_zh": city_zh,
                 "lat": round(lat0 + rng.uniform(-0.3, 0.3), 5), "lon": round(lon0 + rng.uniform(-0.3, 0.3), 5)}
        places.append({k: v for k, v in place.items() if v is not None or k == "category"})
    counts["places"] = len(places)

    # ---- contacts: English and Chinese people, a first-name alias
    contacts: list[dict] = []
    while len(contacts) < sizes["contacts"]:
        cid = f"gen-contact-{len(contacts)}"
        phone = f"+86 1{rng.randint(30, 99)} {rng.randint(0, 9999):04d} {rng.randint(0, 9999):04d}"
        if rng.random() < 0.5:
            first, last = rng.choice(EN_FIRST).capitalize(), rng.choice(EN_LAST).capitalize()
            name = names.fresh("contacts", lambda: f"{first} {last}", tries=1)
            if name is None:
                continue
            contacts.append({"id": cid, "name": name, "phone": phone})
        else:
            zh = names.fresh("contacts_zh", lambda: rng.choice(ZH_SURNAME) + "".join(
                rng.choice(ZH_GIVEN) for _ in range(rng.choice((1, 2, 2)))))
            if zh is None:
                continue
            pinyin = names.fresh("contacts", lambda: _pinyin_name(zh), tries=1)
            if pinyin is None:
                continue
            contacts.append({"id": cid, "name": pinyin, "name_zh": zh, "phone": phone})
    counts["contacts"] = len(contacts)

    for kind, items in (("artists", artists), ("tracks", tracks), ("places", places), ("contacts", contacts)):
        with open(out / f"zz_generated_{kind}.yaml", "w", encoding="utf-8") as fh:
            fh.write(f"# Generated by benchmarks/catalogues.py (scale {scale}, seed {seed}).\n{kind}:\n")
            fh.writelines(_flow(item) + "\n" for item in items)
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    start = time.perf_counter()
    counts = generate(args.out, args.scale, args.seed)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    seeds = load_seeds(args.out)
    loaded = time.perf_counter() - start
    print(f"generated {counts} in {generated:.1f} s; load_seeds: {len(seeds.tracks)} tracks, "
          f"{len(seeds.artists)} artists, {len(seeds.places)} places, {len(seeds.contacts)} contacts "
          f"in {loaded:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
