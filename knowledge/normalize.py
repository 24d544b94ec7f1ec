"""Text folding for matching: case, accents, apostrophes, punctuation, SMS spellings, stems."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_FR_STEMMER = snowballstemmer.stemmer("french")
_EN_STEMMER = snowballstemmer.stemmer("english")

# Common SMS and chat spellings, after folding (lowercase, no accents).
SMS = {
    "c": "c est",
    "cest": "c est",
    "koi": "quoi",
    "kwa": "quoi",
    "kel": "quel",
    "kelle": "quelle",
    "ki": "qui",
    "ke": "que",
    "qd": "quand",
    "kan": "quand",
    "kand": "quand",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "pkoi": "pourquoi",
    "cb": "combien",
    "cmb": "combien",
    "cbn": "combien",
    "jpeux": "je peux",
    "jpe": "je peux",
    "jpx": "je peux",
    "jsuis": "je suis",
    "chui": "je suis",
    "jsui": "je suis",
    "chuis": "je suis",
    "jveux": "je veux",
    "jvx": "je veux",
    "jai": "j ai",
    "g": "j ai",
    "ya": "il y a",
    "yа": "il y a",
    "yaura": "il y aura",
    "stp": "s il te plait",
    "svp": "s il vous plait",
    "pr": "pour",
    "ds": "dans",
    "dc": "donc",
    "tt": "tout",
    "tjrs": "toujours",
    "tjs": "toujours",
    "bcp": "beaucoup",
    "mm": "meme",
    "ac": "avec",
    "avc": "avec",
    "nn": "non",
    "ok": "ok",
    "slt": "salut",
    "bjr": "bonjour",
    "bsr": "bonsoir",
    "mrc": "merci",
    "mci": "merci",
    "dispo": "disponible",
    "infos": "informations",
    "info": "information",
    "u": "you",
    "r": "are",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ty": "thanks",
    "wanna": "want to",
    "gonna": "going to",
    "asap": "as soon as possible",
    "dev": "developpeur",
    "devs": "developpeurs",
    "qqn": "quelqu un",
    "qqch": "quelque chose",
    "quand-est": "quand est",
    "xp": "experience",
    "exp": "experience",
    "nan": "non",
    # everyday and SMS spellings of chat messages
    "pdt": "pendant",
    "nb": "nombre",
    "nbr": "nombre",
    "jsp": "je sais pas",
    "ptit": "petit",
    "ptite": "petite",
    "ct": "c etait",
    "jvais": "je vais",
    "jcrois": "je crois",
    "jpense": "je pense",
    "jcapte": "je comprends",
    "chepa": "je sais pas",
    "prk": "pourquoi",
    "pcq": "parce que",
    "pck": "parce que",
    "psk": "parce que",
    "tjr": "toujours",
    "ms": "mais",
    "ns": "nous",
    "kels": "quels",
    "kelles": "quelles",
    "koman": "comment",
    "cmt": "comment",
    "cmnt": "comment",
    "keske": "qu est ce que",
    "kesk": "qu est ce que",
    "mtn": "maintenant",
    "auj": "aujourd hui",
    "ajd": "aujourd hui",
    "dmn": "demain",
    "tps": "temps",
    "lgtps": "longtemps",
    "ptet": "peut etre",
    "vrmt": "vraiment",
    "dac": "d accord",
    "dacc": "d accord",
    "cc": "coucou",
    "tlm": "tout le monde",
    "aprem": "apres midi",
    "dej": "dejeuner",
    "fo": "il faut",
    "dispos": "disponibles",
    "perso": "personnel",
    "pro": "professionnel",
    "inge": "ingenieur",
    "presta": "prestataire",
    "fonctio": "fonctionnaire",
    "asso": "association",
    "admin": "administration",
    "admins": "administrations",
    "promo": "promotion",
    "reconv": "reconversion",
    "candid": "candidature",
    "postu": "postuler",
    "webi": "webinaire",
    "visio": "visioconference",
    "rdv": "rendez vous",
    "prog": "programme",
    "methodo": "methodologie",
    "selec": "selection",
    "recrut": "recrutement",
    "commu": "communaute",
    "num": "numerique",
    "gouv": "gouvernement",
    "taf": "travail",
    "boulot": "travail",
    "bosser": "travailler",
    "taffer": "travailler",
    "boite": "entreprise",
    "fric": "argent",
    "thune": "argent",
    "oseille": "argent",
    "balles": "euros",
    "3k5": "3 500 euros",
    "4k": "4 000 euros",
    "rh": "ressources humaines",
    "idf": "ile de france",
    "paname": "paris",
    "rex": "retour d experience",
    "1er": "premier",
    "1ere": "premiere",
    "6eme": "sixieme",
    "kesako": "qu est ce que c est",
    "jusqua": "jusqu a",
    "jusko": "jusqu au",
    "esn": "entreprise",
    "ssii": "entreprise",
    "mdr": "",
    "ptdr": "",
}

# Idioms whose words would mislead: "quand même" is not about dates.
FILLERS = (
    ("quand", "meme"),
    ("du", "coup"),
    ("en", "fait"),
    ("a", "l", "air"),
    ("en", "deux", "mots"),
    ("en", "2", "mots"),
    ("en", "bref"),
    ("in", "short"),
    ("in", "a", "nutshell"),
    ("au", "final"),
    ("au", "fond"),
    ("a", "la", "base"),
    ("en", "gros"),
    ("par", "hasard"),
    ("by", "the", "way"),
    ("in", "the", "end"),
    ("at", "the", "end", "of", "the", "day"),
    ("for", "real"),
    ("to", "be", "honest"),
)

# Words that carry no topic, in either language (after folding).
STOPWORDS = frozenset(
    """
a au aux avec ce ces cet cette c d de des du elle elles en et est etre eu il ils j je l la le les leur
leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ou par pas pour qu que  s sa se
ses si son sur t ta te tes toi ton tu un une vos votre vous y sont suis es sommes etes ete etait
c est ca cela ceci ci la-bas voici voila il y a ai as avons avez ont aurai aura serai sera serait
seraient serais fait faire faut peut peux peuvent pouvez pourrais pourrait pourriez puis-je puis
dois doit devez veux veut voulez voudrais voulais souhaite souhaiterais aimerais savoir sais
demande demandais demander dire dites bonjour bonsoir salut hello hi hey coucou merci thanks thank
please plait svp stp s il te vous plait quoi quel quelle quels quelles comment est-ce est ce
alors donc bien tres trop aussi encore deja tout tous toute toutes autre autres chose choses
plus moins quelque quelques tel telle ici oui non ok d accord svp cordialement avance madame monsieur
bonne journee the an of to in on at for from by with about as is are was were be been being am do does
did doing have has had having i me my mine we our us you your yours he she it its they them their
this that these those what which   whose can could would should will shall may might must
there here and or but if so than then too very just also any some all each every much many no not
yes get got tell know like want wanted wondering wonder hello regards dear okay ok kind please
ils nous vous leur ont qu quoi lorsque lors car parce dont quelqu quelque pendant durant during
lequel laquelle lesquels lesquelles auquel auxquels auxquelles duquel desquels desquelles celui celle
ceux celles sein afin ainsi actuellement precis precise precisement exactement particulier
particuliere particulieres particuliers notamment egalement toutefois cependant neanmoins
accessoirement eventuellement vraiment vraie vrai simplement juste concerne concernant
souhaiterait souhaiterions souhaitons souhaite souhaitez voudrait voudrions voulons pourrait
pourrions pourront pourra pourrai pourriez puisse puissent devrait devrais devra devrai faudra
faudrait saurait sache sait savez aimerait aimerions merci remercie remercions
fils fille filles enfant enfants mari femme epouse epoux compagne compagnon conjoint conjointe
copine copain ami amie amis frere soeur cousin cousine neveu niece
son daughter husband wife partner friend brother sister kid kids exactly actually currently
really specifically basically would've
""".split()
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
WORD = re.compile(r"[a-z0-9]+")  # a word of folded text
_SENTENCE_END = re.compile(r"(?<=[.!?;\n])\s+|\n+")


def fold_accents(text: str) -> str:
    """Lowercase, accents stripped, nothing else: the fold of wordfreq's table and of the
    question sets' expected answers (../shared/eval/score.py)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lowercase, strip accents and control characters, unify apostrophes."""
    text = fold_accents(unicodedata.normalize("NFKC", text).translate(_APOSTROPHES))
    return "".join(c for c in text if unicodedata.category(c)[0] != "C" or c == "\n")


# The subject of a French inversion ('prendront-ils', 'sera-t-il', 'peut-on') sits between words
# that belong together: it is dropped so that 'prendront leurs fonctions' reads as a phrase.
_INVERSION = re.compile(r"-(?:t-)?(?:il|ils|elle|elles|on|je|tu|nous|vous)\b")


def words(text: str) -> list[str]:
    """Folded words with SMS spellings expanded; apostrophes and punctuation split words."""
    result: list[str] = []
    for raw in WORD.findall(_INVERSION.sub(" ", fold(text)).replace("'", " ")):
        result.extend(SMS.get(raw, raw).split())
    for filler in FILLERS:
        size = len(filler)
        i = 0
        while i <= len(result) - size:
            if tuple(result[i : i + size]) == filler:
                del result[i : i + size]
            else:
                i += 1
    return result


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, str]:
    """The French and English stems of a folded word."""
    return _FR_STEMMER.stemWord(word), _EN_STEMMER.stemWord(word)


def sentences(text: str) -> list[str]:
    """Split a message into sentences (questions in long chatty messages are one of them)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    return parts or [text]


_CLAUSE = re.compile(r",|\b(?:parce que|parce qu|car|puisque|because|since|but|mais)\b", re.I)


def clauses(sentence: str) -> list[str]:
    """Split a sentence at commas and 'because'-like words, keeping parts of 3+ words."""
    parts = [p.strip() for p in _CLAUSE.split(sentence) if p and len(p.split()) >= 3]
    return parts if len(parts) > 1 else []
