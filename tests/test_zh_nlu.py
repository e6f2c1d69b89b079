"""Chinese numerals (zh_numbers) and pinyin homophone matching (pinyin.py)."""

from __future__ import annotations

import pytest

from assistant.nlu import parse
from assistant.nlu.pinyin import HomophoneLexicon, PinyinNames, same_sound, sound_keys
from assistant.nlu.zh_numbers import convert


@pytest.mark.parametrize("text, expected", [
    ("温度调到二十二度", "温度调到22度"),
    ("二十二点五度", "22.5度"),
    ("二十二度半", "22.5度"),
    ("升高两度", "升高2度"),
    ("音量百分之三十", "音量百分之30"),
    ("座椅加热三档", "座椅加热3档"),
    ("风量调到三", "风量调到3"),
    ("风量调到三吧", "风量调到3吧"),
    ("音量调到五十", "音量调到50"),
    ("调到fm一零三点七", "调到fm 103.7"),
    ("一点五度", "1.5度"),
    ("音量调大十", "音量调大10"),
    ("声音调低五吧", "声音调低5吧"),
    ("全车温度统一二十四度", "全车温度统一24度"),  # the 一 of 统一 is no digit
    ("统一调成二十二点五度", "统一调成22.5度"),
])
def test_numbers_converted(text: str, expected: str) -> None:
    assert convert(text) == expected


@pytest.mark.parametrize("text", [
    "调低一点", "打开一下空调", "放一首七里香", "一路向北", "上一首", "下一首", "把窗户开一半",
    "一点点", "导航到三里屯", "九寨沟", "风量调到最大", "三分之一", "调大一点", "声音小一些", "高一点",
])
def test_numeral_words_kept(text: str) -> None:
    assert convert(text) == text


def test_polyphones_read_in_context() -> None:
    assert same_sound("空条", "空调")  # 调 is tiao here, not diao
    assert ("kong", "tiao") in sound_keys("空调")


@pytest.mark.parametrize("heard, meant", [("到航", "导航"), ("音亮", "音量"), ("宝吗", "宝马"), ("周杰轮", "周杰伦")])
def test_homophones_sound_alike(heard: str, meant: str) -> None:
    assert same_sound(heard, meant)


@pytest.mark.parametrize("a, b", [("外婆", "外滩"), ("导师", "导航"), ("空间", "空调"), ("关", "开")])
def test_different_words_do_not(a: str, b: str) -> None:
    assert not same_sound(a, b)


def test_lexicon_corrects_suspects_only() -> None:
    lexicon = HomophoneLexicon(["空调", "导航", "打开"], frozenset("开关"))
    assert lexicon.correct(list("打开空条"), [2, 3]) == list("打开空调")
    assert lexicon.correct(list("打开空条"), [0, 1]) == list("打开空条")  # 空条 not suspect


def test_lexicon_never_changes_polarity() -> None:
    lexicon = HomophoneLexicon(["关窗"], frozenset("开关"))
    assert lexicon.correct(list("观窗"), [0, 1]) == list("观窗")  # 观 -> 关 would add a polarity word


def test_single_characters_are_never_corrected() -> None:
    lexicon = HomophoneLexicon(["导"], frozenset())
    assert lexicon.correct(["到"], [0]) == ["到"]


def test_names_by_sound() -> None:
    names = PinyinNames(["外 滩", "人 民 广 场", "周 杰 伦"])
    assert names.closest("外摊", lambda n: True) == "外 滩"
    assert names.closest("人民广厂", lambda n: True) == "人 民 广 场"
    assert names.closest("周杰龙", lambda n: True) == "周 杰 伦"  # one syllable off
    assert names.closest("外婆", lambda n: True) is None
    assert names.closest("东方明珠", lambda n: True) is None


def _intents(text: str) -> list[dict]:
    return parse(text).to_json()["intents"]


@pytest.mark.parametrize("text, intent", [
    ("打开空条", "climate.turn_on"),
    ("音亮调到三十", "media.set_volume"),
    ("到航去外滩", "navigation.navigate"),
])
def test_misheard_keywords_recovered(text: str, intent: str) -> None:
    assert [f["intent"] for f in _intents(text)] == [intent]


def test_misheard_place_recovered() -> None:
    assert _intents("导航去外摊") == [{"intent": "navigation.navigate", "slots": {"destination": "外滩"}}]


@pytest.mark.parametrize("text, intent", [
    ("打开后被箱", "vehicle.open_trunk"),  # 被 is an off-topic word (我的行程被取消了), here misheard 备
    ("关闭后被箱", "vehicle.close_trunk"),
    ("给老婆打点话", "phone.call"),  # 话 likewise (说的话), here a piece of 打电话
    ("给我妈打个点话", "phone.call"),
])
def test_off_topic_character_inside_a_misheard_word(text: str, intent: str) -> None:
    assert [f["intent"] for f in _intents(text)] == [intent]


@pytest.mark.parametrize("text", ["我的手机被偷了", "我的行程被取消了", "他说的话我听不懂"])
def test_off_topic_characters_said_stay_out(text: str) -> None:
    assert _intents(text) == []


@pytest.mark.parametrize("text", ["今天股市怎么样", "讲个笑话", "我家空调坏了", "空间好大", "外婆家的饭好吃"])
def test_unrelated_words_stay_out_of_scope(text: str) -> None:
    assert _intents(text) == []


def test_homophone_inside_free_text_is_not_a_command() -> None:
    # 车道 sounds like 车到 (开车到 is a navigation verb): the topic stays whole
    assert _intents("怎么打开车道保持") == [{"intent": "genius.ask", "slots": {"topic": "打开车道保持"}}]


def test_wake_near_miss_by_pinyin() -> None:
    parsed = parse("你好宝吗打开空调")
    assert parsed.wake and [f.intent for f in parsed.frames] == ["climate.turn_on"]


def test_lexicon_words_are_written_words_not_trie_straddles() -> None:
    from assistant.nlu.grammar import load_grammar
    from assistant.nlu.pinyin import grammar_words

    words = set(grammar_words(load_grammar("zh")))
    assert {"雾灯", "座椅", "空调"} <= words
    assert "开午" not in words  # 开 + 午休模式: two words of a rule, never one


def test_whole_word_beats_a_piece_of_one() -> None:
    lexicon = HomophoneLexicon(["座椅", "做一"], frozenset(), {"座椅": 3, "做一": 0})
    assert lexicon.correct(list("做椅"), [0, 1]) == list("座椅")


def test_a_window_keeps_at_most_one_character() -> None:
    lexicon = HomophoneLexicon(["打开午"], frozenset("开关"), {"打开午": 0})  # a straddle, never written whole
    assert lexicon.correct(list("打开雾"), [0, 1, 2]) == list("打开雾")


@pytest.mark.parametrize("heard", ["轮胎多少", "胎压多少"])
def test_a_window_never_breaks_a_word_written_whole(heard: str) -> None:
    lexicon = HomophoneLexicon(["轮胎", "胎压", "太多", "多少"], frozenset(), {"轮胎": 2, "胎压": 2, "太多": 2, "多少": 2})
    assert lexicon.correct(list(heard), range(len(heard))) == list(heard)  # 胎多 / 压多 is no misheard 太多
    assert lexicon.correct(list("胎多了"), [0, 1, 2]) == list("太多了")  # alone, it is


@pytest.mark.parametrize("heard, meant", [
    ("打开候备箱", "打开后备箱"), ("打开阅度灯", "打开阅读灯"), ("打开方象盘加热", "打开方向盘加热"),
    ("放向盘加热关了", "方向盘加热关了"), ("后备响关上", "后备箱关上"),
])
def test_one_character_slipped_in_a_long_word(heard: str, meant: str) -> None:
    assert _intents(heard) == _intents(meant) != []


@pytest.mark.parametrize("heard, meant", [("最近的停车长", "最近的停车场"), ("温都调高", "温度调高"),
                                          ("取消到行", "取消导航"), ("把温都调低", "把温度调低")])
def test_a_character_read_in_its_other_sound(heard: str, meant: str) -> None:
    lexicon = HomophoneLexicon(["停车场", "温度", "导航"], frozenset("开关高低"), {"停车场": 3, "温度": 5, "导航": 5})
    assert "".join(lexicon.correct(list(heard), range(len(heard)))) == meant


def test_two_words_alike_in_sound_are_no_spellings_of_one() -> None:
    lexicon = HomophoneLexicon(["点亮", "电量", "后备箱", "后备厢"], frozenset("开关"),
                               {"点亮": 2, "电量": 2, "后备箱": 2, "后备厢": 2})
    assert lexicon.correct(list("店量"), [0, 1]) == list("店量")  # lights or battery: not guessed
    assert "".join(lexicon.correct(list("候备箱"), [0, 1, 2])) in ("后备箱", "后备厢")


def test_a_slipped_character_that_makes_a_word_is_kept() -> None:
    lexicon = HomophoneLexicon(["开车到", "车道"], frozenset("开关"), {"开车到": 2, "车道": 1})
    assert lexicon.correct(list("打开车道保持"), range(6)) == list("打开车道保持")
    assert lexicon.correct(list("开车稻"), range(3)) == list("开车到")


@pytest.mark.parametrize("text, intent", [("打开雾等", "vehicle.lights_on"), ("打开做椅加热", "climate.seat_heating")])
def test_misheard_words_next_to_new_vocabulary(text: str, intent: str) -> None:
    assert [f["intent"] for f in _intents(text)] == [intent]


@pytest.mark.parametrize("heard, meant", [
    ("导航去公司公司", "导航去公司"), ("导航到最近的医院医院", "导航到最近的医院"), ("给我哥哥打电话电话", "给我哥哥打电话"),
])
def test_a_word_heard_twice_counts_once(heard: str, meant: str) -> None:
    assert _intents(heard) == _intents(meant) != []


@pytest.mark.parametrize("text", ["看看", "谢谢", "妈妈", "试试"])
def test_one_character_twice_is_grammar(text: str) -> None:
    from assistant.nlu.engine import get_engine
    from assistant.nlu.text import normalise

    tokens = normalise(text, get_engine().language("zh").grammar.text_rules)[1]
    assert "".join(t.text for t in tokens) == text


@pytest.mark.parametrize("text", ["空条关了吧，太费电", "空条 关了吧 太费电", "把空条关了 太费电了"])
def test_a_reason_the_repaired_command_explains_is_not_off_topic(text: str) -> None:
    assert [f.intent for f in parse(text).frames] == ["climate.turn_off"]


@pytest.mark.parametrize("text", ["我家空条坏了", "我家的空条怎么开", "打开空条 我手机没电了"])
def test_off_topic_words_stay_off_topic_after_a_repair(text: str) -> None:
    assert parse(text).frames == ()


def test_a_repair_that_changes_the_number_of_tokens_is_read_safely() -> None:
    assert parse("乷仕一一").frames == ()  # 一一 read again after a repair: one token fewer, no crash
