"""Tests for lintas.translate.segment and ``lintas segment``: one table of (text, expected sentences) per rule."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from lintas.translate.cli import main
from lintas.translate.errors import InputError
from lintas.translate.segment import Segmenter, segment_text, split_paragraphs, split_sentences

# ------------------------------------------------------------------------------------------ Indonesian
ID_ABBREVIATIONS = [
    ("Sekretaris Jenderal, Dr. Budi Santoso, hadir.", ["Sekretaris Jenderal, Dr. Budi Santoso, hadir."]),
    ("Pasiennya ditangani dr. Terawan di RSPAD.", ["Pasiennya ditangani dr. Terawan di RSPAD."]),
    (
        "Ia membeli beras, gula, minyak, dll. Kemudian ia pulang.",
        ["Ia membeli beras, gula, minyak, dll.", "Kemudian ia pulang."],
    ),
    ("Harga naik, dsb. Namun warga tetap membeli.", ["Harga naik, dsb.", "Namun warga tetap membeli."]),
    (
        "Penelitian Budi dkk. (2020) menunjukkan hasil serupa.",
        ["Penelitian Budi dkk. (2020) menunjukkan hasil serupa."],
    ),
    (
        "Kantornya di Jl. Jend. Sudirman Kav. 52-53, Jakarta.",
        ["Kantornya di Jl. Jend. Sudirman Kav. 52-53, Jakarta."],
    ),
    (
        "Prof. Dr. H. Muhammad, S.H., M.H. membuka acara itu.",
        ["Prof. Dr. H. Muhammad, S.H., M.H. membuka acara itu."],
    ),
    (
        "Acara dibuka oleh Prof. Dr. H. Muhammad, S.H., M.H. Ia menyampaikan sambutan.",
        ["Acara dibuka oleh Prof. Dr. H. Muhammad, S.H., M.H.", "Ia menyampaikan sambutan."],
    ),
    (
        "Guru itu, Hj. Siti Aminah, S.Pd., M.Si., mengajar di sini.",
        ["Guru itu, Hj. Siti Aminah, S.Pd., M.Si., mengajar di sini."],
    ),
    (
        "Pasal 5 ayat (2) UU No. 11 Tahun 2008 mengatur hal itu.",
        ["Pasal 5 ayat (2) UU No. 11 Tahun 2008 mengatur hal itu."],
    ),
    (
        "Dana ditransfer a.n. Budi Santoso pada 1 s.d. 5 Mei.",
        ["Dana ditransfer a.n. Budi Santoso pada 1 s.d. 5 Mei."],
    ),
    (
        "Surat untuk Yth. Bpk. Ahmad di Kec. Cilandak, Kab. Bogor.",
        ["Surat untuk Yth. Bpk. Ahmad di Kec. Cilandak, Kab. Bogor."],
    ),
    ("Saham PT. Bank Central Asia Tbk. naik 2 persen.", ["Saham PT. Bank Central Asia Tbk. naik 2 persen."]),
    (
        "Ia menjual saham PT Aneka Tambang Tbk. Transaksi itu bernilai Rp 5 miliar.",
        ["Ia menjual saham PT Aneka Tambang Tbk.", "Transaksi itu bernilai Rp 5 miliar."],
    ),
    ("CV. Maju Jaya memenangi tender itu.", ["CV. Maju Jaya memenangi tender itu."]),
    (
        "Harga cabai Rp. 50.000 per kg. Harga bawang Rp 30.000.",
        ["Harga cabai Rp. 50.000 per kg.", "Harga bawang Rp 30.000."],
    ),
    ("Lihat hlm. 5 dan tgl. 12 dalam dokumen itu.", ["Lihat hlm. 5 dan tgl. 12 dalam dokumen itu."]),
    ("Ny. Sri dan Tn. Budi datang bersama Sdr. Ahmad.", ["Ny. Sri dan Tn. Budi datang bersama Sdr. Ahmad."]),
    ("Ia lahir di Jln. Merdeka No. 10, Kel. Gambir.", ["Ia lahir di Jln. Merdeka No. 10, Kel. Gambir."]),
    (
        "Kasus itu naik tajam (Gbr. 2). Tabel 1 merangkumnya.",
        ["Kasus itu naik tajam (Gbr. 2).", "Tabel 1 merangkumnya."],
    ),
    ("Pendaftaran dibuka 5 Des. 2024 di kantor desa.", ["Pendaftaran dibuka 5 Des. 2024 di kantor desa."]),
    ("Kebijakan eks-Dir. Utama itu dikritik.", ["Kebijakan eks-Dir. Utama itu dikritik."]),
]

ID_NAMES_RANKS_PLACES = [
    # Name prefixes: never a sentence end.
    (
        "Wapres Moh. Hatta dan Muh. Yamin hadir bersama Mhd. Nasir dan Abd. Rahman.",
        ["Wapres Moh. Hatta dan Muh. Yamin hadir bersama Mhd. Nasir dan Abd. Rahman."],
    ),
    (
        "Makam Alm. Gus Dur ramai. Tgk. Daud Beureueh dikenang.",
        ["Makam Alm. Gus Dur ramai.", "Tgk. Daud Beureueh dikenang."],
    ),
    # Police and military ranks, corps and offices written with periods.
    (
        "Kabid Humas Kombes Pol. Yusri Yunus berkata. Irjen. Pol. Fadil Imran menjelaskan.",
        ["Kabid Humas Kombes Pol. Yusri Yunus berkata.", "Irjen. Pol. Fadil Imran menjelaskan."],
    ),
    (
        "Letjen TNI (Purn.) Prabowo Subianto hadir. Jenderal (Purn.) Wiranto juga.",
        ["Letjen TNI (Purn.) Prabowo Subianto hadir.", "Jenderal (Purn.) Wiranto juga."],
    ),
    (
        "Kasat Reskrim AKBP. Budi dan Kompol. Andi memimpin. Danrem Kolonel Inf. Joko hadir.",
        ["Kasat Reskrim AKBP. Budi dan Kompol. Andi memimpin.", "Danrem Kolonel Inf. Joko hadir."],
    ),
    (
        "Acara dibuka Plt. Gubernur dan Brigjen. Pol. Ahmad. Laksda. TNI Agus menutupnya.",
        ["Acara dibuka Plt. Gubernur dan Brigjen. Pol. Ahmad.", "Laksda. TNI Agus menutupnya."],
    ),
    # A rank can also close a sentence: a common sentence opener after it starts a new one.
    (
        "Ia naik pangkat menjadi Kombes Pol. Kemudian ia dimutasi ke Bogor.",
        ["Ia naik pangkat menjadi Kombes Pol.", "Kemudian ia dimutasi ke Bogor."],
    ),
    ("Pangkatnya kini AKBP. Ia bertugas di Bogor.", ["Pangkatnya kini AKBP.", "Ia bertugas di Bogor."]),
    (
        "Ia pensiun sebagai Mayjen TNI (Purn.) Setelah itu ia berbisnis.",
        ["Ia pensiun sebagai Mayjen TNI (Purn.)", "Setelah itu ia berbisnis."],
    ),
    # Places and addresses.
    (
        "Rapat di Gd. Sate dan Gd. Nusantara II, Komp. DPR. Warga tinggal di Gg. Mawar RT. 05/RW. 03, Kel. Gambir.",
        [
            "Rapat di Gd. Sate dan Gd. Nusantara II, Komp. DPR.",
            "Warga tinggal di Gg. Mawar RT. 05/RW. 03, Kel. Gambir.",
        ],
    ),
    ("Wisata Kep. Seribu dan Dsn. Krajan ramai.", ["Wisata Kep. Seribu dan Dsn. Krajan ramai."]),
    # An all-capital acronym is not a prefix: "PKL" (street vendors), "DSN" (a council) end sentences.
    ("Satpol PP menertibkan PKL. Pedagang protes.", ["Satpol PP menertibkan PKL.", "Pedagang protes."]),
    ("Hal itu diatur fatwa DSN. Majelis setuju.", ["Hal itu diatur fatwa DSN.", "Majelis setuju."]),
    # Units: a kilometre post or a phone extension before a number, a sentence end after a number.
    (
        "Terjadi di km. 12 tol Cipali. Jaraknya 20 km. Polisi datang.",
        ["Terjadi di km. 12 tol Cipali.", "Jaraknya 20 km.", "Polisi datang."],
    ),
    ("Jarak ke kota 20 km. 15 orang berjalan kaki.", ["Jarak ke kota 20 km.", "15 orang berjalan kaki."]),
    (
        "Mereka berjalan beberapa km. Kemudian mereka beristirahat.",
        ["Mereka berjalan beberapa km.", "Kemudian mereka beristirahat."],
    ),
    (
        "Hubungi 119 ext. 9 atau tel. 021-555. Layanan buka 24 jam.",
        ["Hubungi 119 ext. 9 atau tel. 021-555.", "Layanan buka 24 jam."],
    ),
    ("Hubungi 119 ext. 9. Petugas siap membantu.", ["Hubungi 119 ext. 9.", "Petugas siap membantu."]),
    (
        "KM. Sinar Bangun tenggelam di Danau Toba. Kapal KMP. Yunicee juga tenggelam.",
        ["KM. Sinar Bangun tenggelam di Danau Toba.", "Kapal KMP. Yunicee juga tenggelam."],
    ),
    ("Rapat dimulai pkl. 10.00 di balai desa.", ["Rapat dimulai pkl. 10.00 di balai desa."]),
]

ID_INLINE_LISTS = [
    ("a. Satu hal. b. Dua hal.", ["a. Satu hal.", "b. Dua hal."]),
    ("a) Satu hal. b) Dua hal.", ["a) Satu hal.", "b) Dua hal."]),
    (
        "Ketentuan: a. Setiap orang wajib lapor. b. Pelanggar didenda. c. Denda dibayar tunai.",
        ["Ketentuan: a. Setiap orang wajib lapor.", "b. Pelanggar didenda.", "c. Denda dibayar tunai."],
    ),
    (
        "Hal pertama jelas. ii. Kedua juga. iii. Ketiga juga.",
        ["Hal pertama jelas.", "ii. Kedua juga.", "iii. Ketiga juga."],
    ),
    (
        "Semua sudah siap. 2. Persiapan acara. 3. Pelaksanaan.",
        ["Semua sudah siap.", "2. Persiapan acara.", "3. Pelaksanaan."],
    ),
    ("Barang dibeli di toko. b. Harga naik!", ["Barang dibeli di toko.", "b. Harga naik!"]),
    # Not an item: an abbreviation before it holds ("No. 5." is a house number, "hal. 5." a page).
    (
        "Ia tinggal di Jl. Merdeka No. 5. Kemudian ia pergi.",
        ["Ia tinggal di Jl. Merdeka No. 5.", "Kemudian ia pergi."],
    ),
    ("Lihat hal. 5. Di sana ada peta.", ["Lihat hal. 5.", "Di sana ada peta."]),
    # A lowercase letter that is not a list marker keeps the sentence end after it.
    ("Ia menyebut huruf a. Lalu ia diam.", ["Ia menyebut huruf a.", "Lalu ia diam."]),
    ("Nilai x. Kemudian nilai y dihitung.", ["Nilai x.", "Kemudian nilai y dihitung."]),
]

ID_INITIALS = [
    ("Presiden B.J. Habibie meninggal pada 2019.", ["Presiden B.J. Habibie meninggal pada 2019."]),
    ("Presiden B. J. Habibie meninggal pada 2019.", ["Presiden B. J. Habibie meninggal pada 2019."]),
    (
        "Susilo B. Yudhoyono berpidato. Ia berbicara selama satu jam.",
        ["Susilo B. Yudhoyono berpidato.", "Ia berbicara selama satu jam."],
    ),
    ("Menurut A. Rahman, harga naik.", ["Menurut A. Rahman, harga naik."]),
    ("Hal itu disampaikan kata M. Nuh di Surabaya.", ["Hal itu disampaikan kata M. Nuh di Surabaya."]),
    (
        "Ia kekurangan vitamin D. Dokter menyarankan berjemur.",
        ["Ia kekurangan vitamin D.", "Dokter menyarankan berjemur."],
    ),
    ("Penerbangan dari A ke B. Maskapai tahu itu.", ["Penerbangan dari A ke B.", "Maskapai tahu itu."]),
    (
        'Modul komando Apollo X. "Pesawat ini terbang," katanya.',
        ["Modul komando Apollo X.", '"Pesawat ini terbang," katanya.'],
    ),
]

ID_NUMBERS = [
    (
        "Jumlahnya mencapai 12.000 orang pada tahun 2020. Kemudian angka itu turun.",
        ["Jumlahnya mencapai 12.000 orang pada tahun 2020.", "Kemudian angka itu turun."],
    ),
    (
        "Inflasi naik 3,5 persen menjadi 1.234.567,89 poin.",
        ["Inflasi naik 3,5 persen menjadi 1.234.567,89 poin."],
    ),
    (
        "Rapat dimulai pukul 10.30 WIB. Semua peserta hadir.",
        ["Rapat dimulai pukul 10.30 WIB.", "Semua peserta hadir."],
    ),
    ("Tanggal 27.11.2026 adalah hari Jumat.", ["Tanggal 27.11.2026 adalah hari Jumat."]),
    ("Tim itu menang 3-1. 20 ribu penonton hadir.", ["Tim itu menang 3-1.", "20 ribu penonton hadir."]),
    (
        "Panjang jembatan 3,50 m. Ruang di bawahnya 15 meter.",
        ["Panjang jembatan 3,50 m.", "Ruang di bawahnya 15 meter."],
    ),
    (
        "Syaratnya sebagai berikut: 1. Pendaftaran 2. Verifikasi.",
        ["Syaratnya sebagai berikut: 1. Pendaftaran 2. Verifikasi."],
    ),
    ("Syaratnya: 1. KTP 2. KK 3. Akta. Semua wajib.", ["Syaratnya: 1. KTP 2. KK 3. Akta.", "Semua wajib."]),
]

ID_QUOTES = [
    ("Dia berkata, “Saya pergi.” Lalu ia pergi.", ["Dia berkata, “Saya pergi.”", "Lalu ia pergi."]),
    ("“Saya pergi!” katanya.", ["“Saya pergi!” katanya."]),
    ("“Apa ini?” tanya Budi. Ia bingung.", ["“Apa ini?” tanya Budi.", "Ia bingung."]),
    (
        '"Kami tidak tahu," ujarnya. "Kami akan menunggu."',
        ['"Kami tidak tahu," ujarnya.', '"Kami akan menunggu."'],
    ),
    ("'Ini rumah saya.' Lalu ia masuk.", ["'Ini rumah saya.'", "Lalu ia masuk."]),
    ("Ia menyebutnya ‘luar biasa’. Semua setuju.", ["Ia menyebutnya ‘luar biasa’.", "Semua setuju."]),
    ('Ia berkata, "Kami siap. " Menteri lalu pergi.', ['Ia berkata, "Kami siap. "', "Menteri lalu pergi."]),
    ("Mengapa? tanya dia kepada wartawan.", ["Mengapa? tanya dia kepada wartawan."]),
    # A reporting clause after a quoted question or exclamation belongs to the quote, capitalised or not.
    ("‘Siapakah Engkau, Tuhan?’ jawabku. Ia diam.", ["‘Siapakah Engkau, Tuhan?’ jawabku.", "Ia diam."]),
    ("“Siapa Engkau?” Yesus bertanya kepada mereka.", ["“Siapa Engkau?” Yesus bertanya kepada mereka."]),
    ("“Tolong!” Simon Petrus berseru. Lalu ia diam.", ["“Tolong!” Simon Petrus berseru.", "Lalu ia diam."]),
    # A capitalised clause that introduces new speech or goes on is a sentence of its own.
    ("“Siapa Aku?” Petrus menjawab, “Engkau Mesias!”", ["“Siapa Aku?”", "Petrus menjawab, “Engkau Mesias!”"]),
    (
        "“Kapan?” Menteri mengatakan proyek itu akan selesai tahun depan.",
        ["“Kapan?”", "Menteri mengatakan proyek itu akan selesai tahun depan."],
    ),
]

ID_PUNCTUATION = [
    ("Saya pikir... mungkin tidak. Dia diam.", ["Saya pikir... mungkin tidak.", "Dia diam."]),
    ("Dia menunggu… Akhirnya bus datang.", ["Dia menunggu…", "Akhirnya bus datang."]),
    ("Apakah Anda yakin? Ya, saya yakin!", ["Apakah Anda yakin?", "Ya, saya yakin!"]),
    ("Benarkah?! Tidak mungkin!! Ayo pergi.", ["Benarkah?!", "Tidak mungkin!!", "Ayo pergi."]),
    (
        "Ia datang (lihat foto di bawah.) Kemudian ia pergi.",
        ["Ia datang (lihat foto di bawah.)", "Kemudian ia pergi."],
    ),
    ("Harga emas naik tajam. (ant)", ["Harga emas naik tajam. (ant)"]),
    (
        "Kerja lebih fleksibel. (Bremer, 1998) Penggunaan internet meningkat.",
        ["Kerja lebih fleksibel. (Bremer, 1998)", "Penggunaan internet meningkat."],
    ),
    (
        "Setiap orang wajib lapor. (2) Dalam hal terlambat, denda berlaku.",
        ["Setiap orang wajib lapor.", "(2) Dalam hal terlambat, denda berlaku."],
    ),
    (
        "Apple merilis produk baru. iPhone 15 dijual mulai Jumat.",
        ["Apple merilis produk baru.", "iPhone 15 dijual mulai Jumat."],
    ),
    (
        "Anggarannya naik (Rp 5 triliun). Program itu berlanjut.",
        ["Anggarannya naik (Rp 5 triliun).", "Program itu berlanjut."],
    ),
]

ID_WEB = [
    (
        "Kunjungi https://www.example.com/a.b?x=1 untuk info. Terima kasih.",
        ["Kunjungi https://www.example.com/a.b?x=1 untuk info.", "Terima kasih."],
    ),
    ("Baca di detik.com dan kompas.id setiap hari.", ["Baca di detik.com dan kompas.id setiap hari."]),
    (
        "Kirim surel ke redaksi@kompas.id. Kami akan membalas.",
        ["Kirim surel ke redaksi@kompas.id.", "Kami akan membalas."],
    ),
    ("Unduh berkas laporan.pdf versi v2.1 sekarang.", ["Unduh berkas laporan.pdf versi v2.1 sekarang."]),
    (
        "Situs Kompas.Com dan Detik.com ramai dikunjungi.",
        ["Situs Kompas.Com dan Detik.com ramai dikunjungi."],
    ),
    ("Warga mengungsi.Pemerintah membantu mereka.", ["Warga mengungsi.", "Pemerintah membantu mereka."]),
    ("Kasus naik 27%.Sebuah studi menjelaskannya.", ["Kasus naik 27%.", "Sebuah studi menjelaskannya."]),
    (
        'Ia menyebutnya "keliru".Di Tiongkok, kasus turun.',
        ['Ia menyebutnya "keliru".', "Di Tiongkok, kasus turun."],
    ),
    ("Cabangnya Glavermas Pte.Ltd. di Singapura.", ["Cabangnya Glavermas Pte.Ltd. di Singapura."]),
]

ID_NEWS = [
    (
        "JAKARTA, KOMPAS.com – Presiden Joko Widodo meresmikan jalan tol. Tol itu sepanjang 10 km.",
        ["JAKARTA, KOMPAS.com – Presiden Joko Widodo meresmikan jalan tol.", "Tol itu sepanjang 10 km."],
    ),
    (
        "Jakarta (ANTARA) - Harga emas naik. Investor menunggu data.",
        ["Jakarta (ANTARA) - Harga emas naik.", "Investor menunggu data."],
    ),
    (
        "Jakarta, Kompas.com - Banjir melanda. Warga mengungsi.",
        ["Jakarta, Kompas.com - Banjir melanda.", "Warga mengungsi."],
    ),
    (
        "Hal itu dikatakan Kapolres, AKBP Budi, Senin (5/6). Ia meminta warga tenang.",
        ["Hal itu dikatakan Kapolres, AKBP Budi, Senin (5/6).", "Ia meminta warga tenang."],
    ),
]

ID_LINES = [
    (
        "Syarat pendaftaran:\n1. Fotokopi KTP.\n2. Pas foto terbaru.\na. Ukuran 3x4.\n- Map biru.\n• Materai.",
        [
            "Syarat pendaftaran:",
            "1. Fotokopi KTP.",
            "2. Pas foto terbaru.",
            "a. Ukuran 3x4.",
            "- Map biru.",
            "• Materai.",
        ],
    ),
    ("Judul tanpa titik\n\nParagraf berikutnya.", ["Judul tanpa titik", "Paragraf berikutnya."]),
    ("1. Pendahuluan dimulai di sini.", ["1. Pendahuluan dimulai di sini."]),
]

ID_CASES = (
    ID_ABBREVIATIONS
    + ID_NAMES_RANKS_PLACES
    + ID_INLINE_LISTS
    + ID_INITIALS
    + ID_NUMBERS
    + ID_QUOTES
    + ID_PUNCTUATION
    + ID_WEB
    + ID_NEWS
    + ID_LINES
)


@pytest.mark.parametrize(("text", "expected"), ID_CASES)
def test_indonesian(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "id") == expected


# --------------------------------------------------------------------------------------------- English
EN_ABBREVIATIONS = [
    (
        "Mr. Smith met Mrs. Jones and Dr. Brown at St. Mary's.",
        ["Mr. Smith met Mrs. Jones and Dr. Brown at St. Mary's."],
    ),
    (
        "He works for Apple Inc. The company is based in Cupertino.",
        ["He works for Apple Inc.", "The company is based in Cupertino."],
    ),
    ("Apple Inc. said on Monday that sales rose.", ["Apple Inc. said on Monday that sales rose."]),
    ("Apple Inc. Chief Executive Tim Cook spoke.", ["Apple Inc. Chief Executive Tim Cook spoke."]),
    ("Shares of Acme Corp. rose 5 percent.", ["Shares of Acme Corp. rose 5 percent."]),
    (
        "They sell fruit, vegetables, etc. The market opens at 6 a.m. daily.",
        ["They sell fruit, vegetables, etc.", "The market opens at 6 a.m. daily."],
    ),
    ("The meeting starts at 10 a.m. It ends at noon.", ["The meeting starts at 10 a.m.", "It ends at noon."]),
    (
        "She lives in the U.S. The rest of her family lives in the U.K.",
        ["She lives in the U.S.", "The rest of her family lives in the U.K."],
    ),
    ("The U.S. economy grew 3.5 percent in 2020.", ["The U.S. economy grew 3.5 percent in 2020."]),
    ("It is used by many non-U.S. Arctic peoples.", ["It is used by many non-U.S. Arctic peoples."]),
    (
        "Gen. Smith and Sen. Warren spoke with Gov. Newsom and Lt. Col. Jones.",
        ["Gen. Smith and Sen. Warren spoke with Gov. Newsom and Lt. Col. Jones."],
    ),
    (
        "The company vs. the state, e.g. this case, i.e. that one.",
        ["The company vs. the state, e.g. this case, i.e. that one."],
    ),
    (
        "Prices rose 1,234 points, or 3.5 percent, on Jan. 5. Traders were surprised.",
        ["Prices rose 1,234 points, or 3.5 percent, on Jan. 5.", "Traders were surprised."],
    ),
    (
        "The permit becomes available on 1 Jan. Space is limited.",
        ["The permit becomes available on 1 Jan.", "Space is limited."],
    ),
    ("John Smith Jr. will attend.", ["John Smith Jr. will attend."]),
    ("He lives on Fifth Ave. near the park.", ["He lives on Fifth Ave. near the park."]),
    (
        "The bus went to Six Flags St. Louis in Missouri.",
        ["The bus went to Six Flags St. Louis in Missouri."],
    ),
    ("Smith et al. found similar results.", ["Smith et al. found similar results."]),
    ("The case of Roe v. Wade was cited.", ["The case of Roe v. Wade was cited."]),
    ("Approx. 300 people, incl. children, came.", ["Approx. 300 people, incl. children, came."]),
]

EN_RANKS_AND_UNITS = [
    ("Lt. Gen. (Ret.) John Allen spoke. He was calm.", ["Lt. Gen. (Ret.) John Allen spoke.", "He was calm."]),
    (
        "Jakarta Police spokesman Kombes Pol. Yusri Yunus said on Monday.",
        ["Jakarta Police spokesman Kombes Pol. Yusri Yunus said on Monday."],
    ),
    (
        "The crash happened at km. 57 of the toll road. The road is 12 km. Police came.",
        ["The crash happened at km. 57 of the toll road.", "The road is 12 km.", "Police came."],
    ),
    ("Call 119 ext. 9 for help. Thanks.", ["Call 119 ext. 9 for help.", "Thanks."]),
    (
        "The rules are simple. a. Arrive early. b. Leave late.",
        ["The rules are simple.", "a. Arrive early.", "b. Leave late."],
    ),
]

EN_NAMES_AND_NUMBERS = [
    ("J. K. Rowling wrote the books. They sold well.", ["J. K. Rowling wrote the books.", "They sold well."]),
    ("B.J. Habibie was president of Indonesia.", ["B.J. Habibie was president of Indonesia."]),
    (
        "NASA's chief N. Wayne Hale Jr. said the foam fell.",
        ["NASA's chief N. Wayne Hale Jr. said the foam fell."],
    ),
    ("President George W. Bush arrived.", ["President George W. Bush arrived."]),
    (
        "World War II ended in 1945. The Cold War followed.",
        ["World War II ended in 1945.", "The Cold War followed."],
    ),
    (
        "It was read on July 8. It was read again on July 9. A copy reached London.",
        ["It was read on July 8.", "It was read again on July 9.", "A copy reached London."],
    ),
    (
        "The skier finished in the Super-G. Czech skiers followed.",
        ["The skier finished in the Super-G.", "Czech skiers followed."],
    ),
    (
        "She earned a Did Not Finish. 36 of the 116 skiers did too.",
        ["She earned a Did Not Finish.", "36 of the 116 skiers did too."],
    ),
]

EN_PUNCTUATION = [
    ("“I am leaving!” she said.", ["“I am leaving!” she said."]),
    ("‘Who are you, Lord?’ I answered.", ["‘Who are you, Lord?’ I answered."]),
    (
        "“Is it me?” Judas asked him. Jesus nodded.",
        ["“Is it me?” Judas asked him.", "Jesus nodded."],
    ),
    (
        "“Why?” the boy's father asked the man's friends.",
        ["“Why?” the boy's father asked the man's friends."],
    ),
    ("“Why?” Jesus replied. “Only one is good.”", ["“Why?” Jesus replied.", "“Only one is good.”"]),
    ("“Who am I?” Peter replied, “The Messiah!”", ["“Who am I?”", "Peter replied, “The Messiah!”"]),
    ("“Why?” He got up and left.", ["“Why?”", "He got up and left."]),
    (
        "“Why not?” Officials said on Monday that the plan would go ahead.",
        ["“Why not?”", "Officials said on Monday that the plan would go ahead."],
    ),
    ("Is it over? I asked. Nobody knew.", ["Is it over?", "I asked.", "Nobody knew."]),
    ('He said, "It is over." Then he left.', ['He said, "It is over."', "Then he left."]),
    ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
    ("Yahoo! reported earnings.", ["Yahoo! reported earnings."]),
    ("It was a great event... Everyone enjoyed it.", ["It was a great event...", "Everyone enjoyed it."]),
    ("Wait... what happened?", ["Wait... what happened?"]),
    (
        "The study (Smith et al., 2020) found this. Others disagree.",
        ["The study (Smith et al., 2020) found this.", "Others disagree."],
    ),
    (
        "are you having a runny nose? and does this pain move?",
        ["are you having a runny nose?", "and does this pain move?"],
    ),
]

EN_WEB = [
    (
        "The test kits arrived.Open source designs followed.",
        ["The test kits arrived.", "Open source designs followed."],
    ),
    (
        "The drug was approved in 2020.Several trials followed.",
        ["The drug was approved in 2020.", "Several trials followed."],
    ),
    (
        "It spread from SARS-CoV.The first case was in Wuhan.",
        ["It spread from SARS-CoV.", "The first case was in Wuhan."],
    ),
    (
        "Visit www.example.com or e-mail info@example.com. We reply fast.",
        ["Visit www.example.com or e-mail info@example.com.", "We reply fast."],
    ),
    ("Version v2.1 of app.py was released.", ["Version v2.1 of app.py was released."]),
]

EN_CASES = EN_ABBREVIATIONS + EN_RANKS_AND_UNITS + EN_NAMES_AND_NUMBERS + EN_PUNCTUATION + EN_WEB


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


# ------------------------------------------------------------------------------------------ invariants
def _check_spans(text: str, lang: str) -> None:
    seg = Segmenter(lang)
    spans = seg.spans(text)
    sentences = seg.split(text)
    assert len(spans) == len(sentences)
    previous_end = 0
    for (start, end), sentence in zip(spans, sentences, strict=True):
        assert previous_end <= start < end <= len(text)
        assert text[start:end].strip() == sentence == text[start:end]
        assert sentence and sentence == sentence.strip()
        previous_end = end
    assert re.sub(r"\s+", "", "".join(sentences)) == re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("text", "lang"), [(t, "id") for t, _ in ID_CASES] + [(t, "en") for t, _ in EN_CASES]
)
def test_spans_invariant(text: str, lang: str) -> None:
    _check_spans("  \n" + text + " \n\n " + text + "  ", lang)


_ALPHABET = "aAbBzZ019 \n\t.,;:!?…\"'“”‘’()[]-/@%" + "é"
_PIECES = [
    "Dr.",
    "dll.",
    "U.S.",
    "J.",
    "Rp",
    "12.000",
    "3,5",
    "...",
    "www.a.id",
    "“",
    "”",
    "\n\n",
    "\n1. ",
    " (2) ",
    ". b. ",
    "(Purn.)",
    "km.",
    "Pol.",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.text(alphabet=_ALPHABET, max_size=12), st.sampled_from(_PIECES)), max_size=30),
    st.sampled_from(["id", "en"]),
)
def test_property_never_loses_text(pieces: list[str], lang: str) -> None:
    _check_spans("".join(pieces), lang)


def test_reported_mis_splits() -> None:
    text = (
        "Moh. Hatta hadir. Kombes Pol. Yusri Yunus berkata. Irjen. Pol. Fadil Imran menjelaskan. "
        "Letjen TNI (Purn.) Prabowo Subianto hadir. Kantor di Gd. Sate. Terjadi di km. 12 tol Cipali. "
        "Hubungi 119 ext. 9.\n\na. Satu hal. b. Dua hal.\n"
    )
    assert segment_text(text) == [
        [
            "Moh. Hatta hadir.",
            "Kombes Pol. Yusri Yunus berkata.",
            "Irjen. Pol. Fadil Imran menjelaskan.",
            "Letjen TNI (Purn.) Prabowo Subianto hadir.",
            "Kantor di Gd. Sate.",
            "Terjadi di km. 12 tol Cipali.",
            "Hubungi 119 ext. 9.",
        ],
        ["a. Satu hal.", "b. Dua hal."],
    ]


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []
    assert Segmenter("en").spans("") == []
    assert segment_text("\n\n") == []
    assert split_paragraphs("") == []


@pytest.mark.parametrize(
    "call", [lambda: Segmenter("fr"), lambda: split_sentences("x", "xx"), lambda: segment_text("x", "de")]
)
def test_unknown_language(call) -> None:
    with pytest.raises(InputError, match="use one of: id, en"):
        call()


def test_large_document_is_split_completely() -> None:
    sentence = "Presiden meresmikan Jl. Sudirman No. 5 pada pukul 10.30 WIB, kata Dr. Budi."
    sentences = split_sentences(" ".join([sentence] * 10_000))
    assert len(sentences) == 10_000 and set(sentences) == {sentence}


# ------------------------------------------------------------------------------------------ paragraphs
def test_paragraphs_titles_and_bylines() -> None:
    text = (
        "Banjir Melanda Jakarta\n"
        "Oleh Budi Santoso\n"
        "JAKARTA, KOMPAS.com - Hujan deras turun sejak pagi. Air naik hingga 1,5 meter.\n"
        "\n"
        "Warga mengungsi ke masjid.\n"
    )
    assert split_paragraphs(text) == [
        "Banjir Melanda Jakarta",
        "Oleh Budi Santoso",
        "JAKARTA, KOMPAS.com - Hujan deras turun sejak pagi. Air naik hingga 1,5 meter.",
        "Warga mengungsi ke masjid.",
    ]


def test_paragraphs_join_hard_wrapped_lines() -> None:
    text = (
        "Pemerintah menyatakan bahwa bantuan untuk korban banjir akan disalurkan\n"
        "mulai pekan depan melalui posko yang dibangun di setiap kelurahan, kata\n"
        "Menteri Sosial dalam jumpa pers di Jakarta, Senin.\n"
        "\r\n"
        "Paragraf kedua.\r\n"
    )
    assert split_paragraphs(text) == [
        "Pemerintah menyatakan bahwa bantuan untuk korban banjir akan disalurkan mulai pekan depan melalui posko "
        "yang dibangun di setiap kelurahan, kata Menteri Sosial dalam jumpa pers di Jakarta, Senin.",
        "Paragraf kedua.",
    ]


def test_paragraphs_list_items_and_subheads() -> None:
    text = "Latar Belakang\nSyaratnya:\n1. Fotokopi KTP.\n2. Pas foto.\n- Map biru\nPenutup\nTerima kasih."
    assert split_paragraphs(text) == [
        "Latar Belakang",
        "Syaratnya:",
        "1. Fotokopi KTP.",
        "2. Pas foto.",
        "- Map biru",
        "Penutup",
        "Terima kasih.",
    ]


def test_segment_text() -> None:
    text = "Judul Berita\n\nIa datang. Lalu ia pergi.\n\n“Saya senang!” katanya."
    assert segment_text(text) == [
        ["Judul Berita"],
        ["Ia datang.", "Lalu ia pergi."],
        ["“Saya senang!” katanya."],
    ]


# ------------------------------------------------------------------------------------------------- CLI
ARTICLE = "Banjir Melanda Jakarta\nOleh Budi Santoso\nHujan turun sejak pukul 10.30 WIB. Air naik.\n\nWarga mengungsi."
ARTICLE_OUT = "Banjir Melanda Jakarta\n\nOleh Budi Santoso\n\nHujan turun sejak pukul 10.30 WIB.\nAir naik.\n\nWarga mengungsi.\n"


def test_cli_stdin() -> None:
    result = CliRunner().invoke(main, ["segment", "--lang", "id"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert result.stdout == ARTICLE_OUT


def test_cli_file_dash_and_english(tmp_path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("He works for Apple Inc. The company grew.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["segment", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "He works for Apple Inc.\nThe company grew.\n"
    result = CliRunner().invoke(main, ["segment", "-", "--lang", "en"], input="One. Two.")
    assert result.stdout == "One.\nTwo.\n"


def test_cli_output_file(tmp_path) -> None:
    source = tmp_path / "in.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(main, ["segment", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == ARTICLE_OUT
    assert {p.name for p in tmp_path.iterdir()} == {"in.txt", "out.txt"}  # no temporary file left behind


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: (d / "data.bin").write_bytes(b"\x00\x01\x02binary") and d / "data.bin", "binary"),
        (lambda d: d / "missing.txt", "no such file"),
    ],
)
def test_cli_bad_input(tmp_path, make, message: str) -> None:
    result = CliRunner().invoke(main, ["segment", str(make(tmp_path))])
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lintas:") and message in lines[0]
    assert "Traceback" not in result.output


def test_cli_bad_output_folder(tmp_path) -> None:
    result = CliRunner().invoke(
        main, ["segment", "-o", str(tmp_path / "nope" / "out.txt")], input="Satu. Dua."
    )
    assert result.exit_code != 0
    assert result.stderr.startswith("lintas:")
    assert not (tmp_path / "nope").exists()


def test_cli_bad_language() -> None:
    result = CliRunner().invoke(main, ["segment", "--lang", "fr"], input="Bonjour.")
    assert result.exit_code == 2
