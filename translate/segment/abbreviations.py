"""The word tables of the segmenter: abbreviations by kind, and the other words its rules look up.

:mod:`lintas.translate.segment.sentences` decides whether a period, ``?``, ``!`` or ellipsis ends a sentence from the
word before it and the word after it; the words it knows are here, apart from the code that uses them, so that an
entry can be added without reading the rules. What each kind means for a period:

* *prefixes* (:data:`PREFIX_COMMON`, :data:`PREFIX_CASED`, :data:`PREFIX_BY_LANG`) precede a name, a title or a
  number and never end a sentence (``Dr. Budi``, ``Jl. Sudirman``, ``No. 11``);
* *numeric prefixes* (:data:`NUMERIC_COMMON`) do not split before a digit (``hlm. 5``);
* *units* (:data:`UNITS`) end a sentence after a number but not before one (``10 km. Tol``, ``di km. 12``);
* *final* ones (:data:`FINAL_COMMON`, :data:`FINAL_BY_LANG`) often end a sentence (``dll.``, ``etc.``, ``Tbk.``);
* *ambiguous* ones (:data:`AMBIGUOUS_COMMON`, :data:`MONTHS`, :data:`TITLES`) end a sentence only before a common
  sentence opener (:data:`STARTERS`) or an opening quote;

and the words of the other rules: :data:`LETTER_NOUNS` (``vitamin D.``), :data:`BANG_NAMES` (``Yahoo!``),
:data:`REPORTING` and :data:`REPORTING_VERBS` (a sentence that goes on after ``?`` or ``!``) and
:data:`DOMAIN_PARTS` (``Kompas.Com``). :func:`rules` assembles them for one of :data:`LANGS`.

The lists are written by hand: Indonesian and English abbreviations, ranks, titles, name prefixes, places and
units, added as they split (or failed to split) sentences in quality passes over real news text and over the
FLORES-200 and TICO-19 documents that ``bench/segment_quality.py`` scores. ``tests/test_segment.py`` holds a
table of cases per rule; an entry added here should come with a case there, and the bench's oracle-adjusted F1
should not drop.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AMBIGUOUS_COMMON",
    "BANG_NAMES",
    "DOMAIN_PARTS",
    "FINAL_BY_LANG",
    "FINAL_COMMON",
    "LANGS",
    "LETTER_NOUNS",
    "MONTHS",
    "NUMERIC_COMMON",
    "PREFIX_BY_LANG",
    "PREFIX_CASED",
    "PREFIX_COMMON",
    "REPORTING",
    "REPORTING_VERBS",
    "STARTERS",
    "TITLES",
    "UNITS",
    "Rules",
    "rules",
]

#: Languages the segmenter has rules for.
LANGS = ("id", "en")

# Entries are the word before the final period, matched case-sensitively ("No" is "Nomor", "no" is a word).
# Abbreviations with inner periods are written with them ("S.H", "a.n"): the final period is not part of them.

#: Always followed by a name, a title or a number: never the end of a sentence.
PREFIX_COMMON = frozenset(
    """
    Dr dr drg drh Prof Mr Mrs Ms Mx Messrs Mmes Jl Jln jl jln Gg Kec Kab Kel Prov Prop Ds Kp Kav Kompl Perum
    H Hj Ir Drs Dra Sdr Sdri Sdra Bpk Bp Yth Ny Nn Tn KH Ust Hb Pdt Rm Mgr Br Jend Letjen Mayjen Brigjen Kol
    Letkol Kapt Lettu Letda Laksda Laksma Marsda Marsma Irjen Komjen Kombes Ipda Iptu Bripka Brigpol
    PT UD Yay Dir Rp US$ No Nos Nr Hal Hlm hlm Tgl tgl Telp telp Tel Faks Fax Ext pk Pk Ps ps Gbr Gmb Tbl Lamp
    a.n s.d u.p d.a c.q q.q u.b a.l e.g i.e cf viz vs v
    yg dgn sbg pd spt utk krn tdk sdh blm jg dlm thd bhw
    Rev Revd Hon Gov Lt Maj Capt Cmdr Cdr Adm Sgt Cpl Pvt Pte Supt Insp Msgr Mt Ft Pres Atty Amb
    approx ca Vol vol vols pp Fig fig Figs Eq eq Eqs Nr Ref Refs Ch ch Chap Op Sec Sect
    """.split()
)
#: Prefixes matched only as written: their all-capital forms are acronyms that can end a sentence ("fatwa DSN.",
#: "penertiban PKL.", "prosesor ARM."). Name prefixes ("Moh. Hatta", "Abd. Rahman", "Tgk. Daud", "Alm. Gus Dur"),
#: places ("Gd. Sate", "Komp. DPR", "Dsn. Krajan", "Kep. Seribu") and TNI corps after a rank ("Kolonel Inf. Budi",
#: "Letkol Pnb. Andi").
PREFIX_CASED = frozenset(
    """
    Moh Moch Mochd Mohd Muh Muhd Mhd Abd Tgk Alm Almh alm almh Gd Gdg Komp Dsn Kep
    Inf Czi Arh Pnb Cpm Ckm Chk Cba Cku Cpn Ctp Cbi Cke
    """.split()
)
PREFIX_BY_LANG = {
    # "CV" is a business entity in Indonesian but a résumé in English; "Gen"/"Sen"/"Rep" are words in Indonesian.
    # "KMP."/"KRI." name a ship ("KRI. Nanggala").
    "id": frozenset("CV Fa Sr Tab KMP KRI".split()),
    "en": frozenset("Gen Sen Sens Rep Reps Col Det Brig Hr".split()),
}

#: Never split before a number ("hlm. 5", "p. 12", "th. 2020"); before a word they behave like any word.
NUMERIC_COMMON = frozenset(
    "no p c art Art hal th thn Th Thn tlp Tlp ext tel HP Hp hp pkl Pkl Psl psl RT RW Rt Rw".split()
)

#: Units: sentence-final after a number ("sepanjang 10 km. Tol itu ..."), but a kilometre post or a ship name
#: elsewhere ("di km. 12 tol Cipali", "KM. Sinar Bangun tenggelam").
UNITS = frozenset("kg km cm mm ml gr ltr mg Km KM".split())

#: Ranks, corps and offices written before a name ("Kombes Pol. Yusri", "Letjen TNI (Purn.) Prabowo",
#: "Plt. Gubernur"): they may also close a sentence that names a rank ("... naik menjadi AKBP. Ia ..."), so a
#: capitalised word after them starts a sentence only if it is a common sentence opener, like after "Inc.".
TITLES = frozenset(
    """
    Pol Purn Ret AKBP AKP Kompol Aiptu Aipda Briptu Bripda Bharada Bharatu Bharaka Laksdya Marsdya
    Serma Serka Sertu Serda Pelda Peltu Kopka Koptu Kopda Praka Pratu Prada Plt Plh Pj Pjs
    """.split()
)

#: Often end a sentence: split before any uppercase start.
FINAL_COMMON = frozenset("etc dll dsb dst dkk tsb al Tbk".split()) | UNITS
#: A company suffix closes the name: in Indonesian news a capitalised word after it starts a new sentence.
FINAL_BY_LANG = {"id": frozenset("Ltd Inc Corp".split()), "en": frozenset()}

#: End a sentence only when the next word is a common sentence opener ("... Apple Inc. The company ...").
AMBIGUOUS_COMMON = frozenset(
    """
    Inc Ltd Co Corp Jr Sr Esq Bros Ph.D St Ave Blvd Rd Ln Hwy Pkwy Sq Dept Univ Assn Intl Natl
    a.m p.m A.M P.M lb lbs oz yd sq ed eds est incl esp bln Bln
    """.split()
)

#: Month abbreviations: ambiguous, and sentence-final after a day number ("... on 1 Jan. Space ...").
MONTHS = frozenset("Jan Feb Mar Apr Jun Jul Aug Agu Agt Agus Sep Sept Oct Okt Nov Nop Dec Des".split())

#: Nouns that take a letter ("vitamin D", "sel T", "dari A ke B"): after them "X." is a letter, not an initial.
LETTER_NOUNS = frozenset(
    """
    vitamin vitamins sel cell cells protein hepatitis tipe type kelas class grup group golongan fase phase
    varian variant strain plan rencana ke to hingga sampai huruf letter nilai grade blok block zona zone
    kategori category level tingkat opsi option skenario scenario poin point pintu gate gerbang terminal
    sektor sector jalur lane ruang room kode code seri series
    """.split()
)

#: Words that commonly open a sentence; they decide the ambiguous abbreviations and initials.
STARTERS = {
    "id": frozenset(
        """
        Ini Itu Ia Dia Beliau Mereka Kami Kita Saya Aku Anda Kamu Engkau Namun Tetapi Tapi Akan Sementara
        Sedangkan Selain Dalam Pada Di Ke Dari Untuk Bagi Dengan Kemudian Lalu Setelah Sesudah Sebelum Saat
        Ketika Waktu Menurut Hal Sejak Meski Meskipun Walau Walaupun Biarpun Jika Kalau Apabila Bila Jikalau
        Oleh Karena Karenanya Sebab Akibat Akibatnya Adapun Sebagai Selanjutnya Berdasarkan Sebelumnya Kini
        Sekarang Hingga Sampai Tak Tidak Belum Sudah Telah Juga Bahkan Apalagi Yang Para Sejumlah Beberapa
        Banyak Semua Seluruh Setiap Tiap Salah Satu Dua Tiga Empat Lima Sebanyak Maka Jadi Pihaknya Ada Apa
        Siapa Mengapa Kenapa Bagaimana Kapan Berapa Mana Begitu Demikian Sehingga Padahal Kendati Seperti
        Atas Terkait Sebuah Seorang Sang Si Pun Tentu Memang Mungkin Selama Usai Seusai Sekitar Hampir
        Sedikitnya Setidaknya Baik Lebih Kedua Ketiga Pertama Terakhir Diketahui Dikatakan Disebutkan Masih
        Hanya Sebaliknya Sayangnya Untungnya Rupanya Ternyata Nah Bukan Inilah Itulah Makanya Agar Supaya
        Tahun Hari Kala Adanya Sedang Secara Sesuai Terlebih
        """.split()
    ),
    "en": frozenset(
        """
        The A An This That These Those There Here It Its He She They We I You His Her Their Our My Your But
        And Or So Yet However Meanwhile Moreover Furthermore Also In On At For From By With Without After
        Before During Since Until When While Where Whether If As Although Though Because Despite According
        Then Now Today Yesterday Tomorrow Last Next Earlier Later Some Many Most Several Few All Both Each
        Every Other Another Such No Not None One Two Three What Who Whom Whose Why How Which Do Does Did Is
        Are Was Were Has Have Had Will Would Can Could Should Might Must Let Please Thus Therefore Still
        Instead Even Only Just Indeed Nevertheless Nonetheless Otherwise Overall Finally First Second Third
        Similarly Likewise Unlike Like Under Over About Among Between Against Within Through To Of Once More
        Less Much Unfortunately Fortunately Recently Currently Officials Police Authorities
        """.split()
    ),
}

#: Names that end in "!" or "?" inside a sentence.
BANG_NAMES = frozenset("Yahoo Jeopardy Wham Guess".split())
#: Reporting verbs and pronouns that continue a sentence after "?" or "!" ("Mengapa? tanya dia.").
REPORTING = frozenset(
    """
    kata katanya ujar ujarnya ucap ucapnya tutur tuturnya jelas jelasnya imbuh imbuhnya ungkap ungkapnya tegas
    tegasnya terang terangnya sebut sebutnya tambah tambahnya tanya tanyanya seru serunya teriak teriaknya pinta
    pintanya timpal timpalnya sahut sahutnya bisik bisiknya papar paparnya lanjut lanjutnya tulis tulisnya
    cetus cetusnya kilah kilahnya keluh keluhnya begitu demikian
    said says say asked asks ask added adds replied replies wrote writes told tells shouted exclaimed cried
    whispered continued explained noted insisted he she they we
    """.split()
)
#: Reporting verbs of a capitalised reporting clause after a quoted question or exclamation, in either language
#: ("‘Who are you, Lord?’ I answered.", "“Siapa Engkau?” Yesus bertanya kepada mereka.").
REPORTING_VERBS = frozenset(
    """
    said says asked asks answered answers replied replies told tells responded responds shouted shouts cried
    cries exclaimed whispered added adds continued explained insisted protested objected countered demanded
    wondered declared announced warned admitted pleaded begged commanded ordered repeated inquired muttered
    yelled screamed called
    berkata bertanya menjawab berseru berteriak menyahut mengatakan menegaskan menambahkan menjelaskan membalas
    menyangkal memohon memerintahkan berbisik bergumam mengeluh menanggapi mengulangi bertanya-tanya
    """.split()
)
#: Domain parts and file extensions that may follow a period with no space ("Kompas.Com", "Go.Id", "Laporan.PDF").
DOMAIN_PARTS = frozenset(
    """
    com net org id co go ac or io js py gov edu info biz tv me sch mil web my sg uk
    pdf doc docx xls xlsx ppt pptx jpg jpeg png gif txt csv json xml html htm php exe zip md
    """.split()
)


@dataclass(frozen=True)
class Rules:
    """The word sets one :class:`~lintas.translate.segment.sentences.Segmenter` looks words up in, for one language.

    Attributes:
        prefix: prefixes (:data:`PREFIX_COMMON`, the language's :data:`PREFIX_BY_LANG`, :data:`PREFIX_CASED`).
        prefix_upper: all-capital forms of the capitalised prefixes of :data:`PREFIX_COMMON` and
            :data:`PREFIX_BY_LANG` longer than one letter (``JL.``, ``DR.``): prefixes when the word is all capitals.
        numeric: :data:`NUMERIC_COMMON`.
        final: :data:`FINAL_COMMON` and the language's :data:`FINAL_BY_LANG`.
        ambiguous: :data:`AMBIGUOUS_COMMON`, :data:`MONTHS` and :data:`TITLES` (as written and in capitals).
        starters: the language's :data:`STARTERS`.
    """

    prefix: frozenset[str]
    prefix_upper: frozenset[str]
    numeric: frozenset[str]
    final: frozenset[str]
    ambiguous: frozenset[str]
    starters: frozenset[str]


def rules(lang: str) -> Rules:
    """The :class:`Rules` of ``lang``, one of :data:`LANGS`."""
    prefix = PREFIX_COMMON | PREFIX_BY_LANG[lang]
    return Rules(
        prefix=prefix | PREFIX_CASED,
        prefix_upper=frozenset(p.upper() for p in prefix if len(p) > 1 and p[0].isupper()),
        numeric=NUMERIC_COMMON,
        final=FINAL_COMMON | FINAL_BY_LANG[lang],
        ambiguous=AMBIGUOUS_COMMON | MONTHS | TITLES | {t.upper() for t in TITLES},
        starters=STARTERS[lang],
    )
