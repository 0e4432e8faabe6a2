from __future__ import annotations

from waypost.matching.internals.comparisons import COMPARISONS
from waypost.matching.internals.features import features
from waypost.matching.internals.model import Model
from waypost.matching.internals.names import close_forms, name_features, similar_forms, tokenize
from waypost.matching.internals.records import Record

NAME = COMPARISONS[0]


def name_level(a: str, b: str) -> str:
    fa, fb = features(Record(id="a", name=a)), features(Record(id="b", name=b))
    return NAME.levels[NAME.level_of(fa, fb)].label


def keys(word: str) -> set[str]:
    (tok,) = tokenize(word)
    return set(tok.keys)


def test_it_gives_mohamed_muhammad_and_mehmet_one_key() -> None:
    assert keys("Mohamed") & keys("Muhammad") & keys("Mehmet") & keys("Mohammed")


def test_it_matches_arabic_said_to_latin_said() -> None:
    assert keys("سعيد") & keys("Said")
    assert name_level("سعيد حسن", "Said Hassan") == "every part corresponds"


def test_it_matches_cyrillic_and_hebrew_names_to_latin() -> None:
    assert keys("Сергей") & keys("Sergei")
    assert keys("Иванов") & keys("Ivanov")
    assert keys("דוד") & keys("David")


def test_it_joins_abdel_rahman_and_abdulrahman() -> None:
    assert [t.keys[0] for t in tokenize("Abdel Rahman")] == [
        t.keys[0] for t in tokenize("Abdulrahman")
    ]
    assert keys("Abd al-Rahman") & keys("Abdurrahman")
    assert keys("عبد الرحمن") & keys("Abdelrahman")


def test_it_drops_the_article_al_and_el() -> None:
    assert name_level("Ahmed al-Hassan", "Ahmed El Hassan") == "same spelling"
    assert name_level("Ahmed al-Hassan", "Ahmed Hassan") == "same spelling"


def test_it_drops_bin_ibn_and_ould() -> None:
    assert name_level("Ahmed bin Salem", "Ahmad Salim") == "every part corresponds"
    assert name_level("Ahmed bin Salem", "Ahmed ibn Salem") == "same spelling"
    assert name_level("Mohamed ould Abdallah", "Mohamed Abdallah") == "same spelling"


def test_it_drops_van_and_de() -> None:
    assert name_level("Jan van der Berg", "Jan Berg") == "same spelling"
    assert name_level("Maria de Souza", "Maria Souza") == "same spelling"


def test_it_ignores_token_order() -> None:
    assert name_level("Hassan Said", "Said Hassan") == "same spelling"
    assert name_level("HASSAN SAEED", "Said Hassan") == "every part corresponds"


def test_it_accepts_an_initial_for_a_given_name() -> None:
    assert name_level("M. Said", "Mohamed Said") == "every part corresponds"
    assert name_level("K. Said", "Mohamed Said") != "every part corresponds"


def test_it_tolerates_a_missing_middle_name() -> None:
    level = name_level("Mohamed Ahmed Said", "Mohamed Said")
    assert level == "two or more parts correspond, others missing or extra"


def test_a_part_one_letter_off_in_a_long_key_is_close() -> None:
    assert name_level("Olga Petrovna", "Olga Petrova") == "one part corresponds, another is close"


def test_keys_a_letter_apart_or_with_two_letters_swapped_share_a_close_form() -> None:
    assert set(close_forms("PTRF")) & set(close_forms("PTR"))
    assert set(close_forms("PTRF")) & set(close_forms("PTFR"))
    assert not set(close_forms("PTRF")) & set(close_forms("PSNF"))
    assert not set(close_forms("KFN")) & set(close_forms("KRN"))  # too short to be close
    assert set(similar_forms("KFN")) & set(similar_forms("KRN"))


def test_a_part_that_begins_alike_is_similar_weaker_than_close() -> None:
    # real Latin spellings of one name: Batteux / Bato share only their first consonants
    assert name_level("Hines Batteux", "HAYNES BATO") == "one part corresponds, another is similar"
    # three-letter skeletons a letter apart (KFN / KRN) are common among different names
    assert name_level("Said Cauvin", "سعيد شيران") == "one part corresponds, another is similar"
    assert name_level("Ivan Barbé", "Ivan Babe") == "one part corresponds, another is similar"
    assert name_level("Ivan Petrov", "Ivan Smirnov") == "one part corresponds, others differ"
    labels = [lv.label for lv in NAME.levels]
    weights = dict(zip(labels, Model.default().weights["name"], strict=True))
    close, similar = (
        weights[f"one part corresponds, another is {w}"] for w in ("close", "similar")
    )
    assert close > similar > weights["one part corresponds, others differ"]


def test_it_tells_different_names_apart() -> None:
    assert name_level("Olga Petrova", "Said Hassan") == "names differ"


def test_it_keeps_ben_as_a_given_name_when_it_stands_first() -> None:
    assert [t.text for t in tokenize("Ben Smith")] == ["Ben", "Smith"]


def test_its_pair_keys_block_names_in_any_order_and_script() -> None:
    a = set(name_features("Said Hassan").pair_keys)
    b = set(name_features("حسن سعيد").pair_keys)
    assert a & b


def test_a_pair_of_two_deletion_variants_is_a_near_pair_key_not_a_pair_key() -> None:
    misspelt = name_features("Kofri Mensrah")  # KFR, MNSR: each one letter more
    assert misspelt.best_keys == ["KFR", "MNSR"]
    assert "KF|MNS" in misspelt.near_pair_keys
    assert "KF|MNS" not in misspelt.pair_keys
    assert "KF|MNSR" in misspelt.pair_keys  # one best key with the other's variant
    assert not set(misspelt.pair_keys) & set(misspelt.near_pair_keys)
