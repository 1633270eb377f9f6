"""Word lists for extraction: speech verbs, titles, organisation words, places, names.

The two large lists (places, first names) are files in ``data/`` built once by
``scripts/build_lexicons.py`` from GeoNames (CC BY 4.0) and the US Census 1990
name lists (public domain); they load on first use.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that introduce what someone said, in the forms news copy uses. "called"
# is deliberately absent: "what he called 'liberation'" is not a statement.
SPEECH_VERBS: Final = _words(
    """
    said says say saying told tells tell telling added adds adding asked asks explained
    explains noted notes argued argues insisted insists warned warns acknowledged
    acknowledges replied replies responded responds wrote writes tweeted tweets posted
    recalled recalls stressed stresses admitted admits claimed claims declared declares
    announced announces continued continues conceded concedes suggested suggests urged
    urges remarked remarks observed observes commented comments stated states complained
    complains countered counters cautioned cautions predicted predicts promised promises
    pledged pledges vowed vows joked jokes laughed shouted whispered emphasised emphasized
    emphasises emphasizes maintained maintains confirmed confirms denied denies agreed
    agrees boasted boasts reiterated reiterates mused quipped lamented lamenting estimated
    recounted recounts repeated repeats demanded demands answered answers objected protested
    snapped wondered wonders conceding insisting warning adding noting explaining arguing
    stressing recalling acknowledging asserted asserts alleged alleges testified testifies
    reported reports revealed reveals disclosed explained told announced found concluded
    ruled remembers remembered texted emailed messaged interjected retorted exclaimed
    assured assures yelled screamed
    """
)
# Verbs that report speech in a wider sense: a quote in a sentence whose subject
# does one of these is that subject's ("ordering troops ... so that '...'").
SPEECH_ACTS: Final = SPEECH_VERBS | _words(
    """
    ordering ordered orders urging vowing pledging promising demanding calling hailing
    hailed describing described accusing accused praising praised condemning condemned
    criticising criticizing criticised criticized thanking thanked telling writing
    pleading pleaded appealing appealed insisting begging begged ruling ruled quoting
    quoted saying promising threatening threatened rejecting rejected dismissing dismissed
    """
)
# Quoted words right after these are terms, not statements.
SCARE_MARKERS: Final = _words(
    """
    called so-called dubbed termed labelled labeled branded nicknamed titled entitled
    named calls dubs terms labels brands word term phrase slogan motto headline hashtag
    """
)
PRONOUNS: Final = {"he": "m", "she": "f", "they": "", "it": "o", "we": "", "i": ""}

# Words that precede a name and are not part of it.
TITLES: Final = _words(
    """
    Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Professor Sir Dame Lord Lady Rev Rev.
    President Vice Prime Minister Deputy Chancellor Secretary Mayor Governor Senator Sen.
    Sen Rep Rep. Representative Congressman Congresswoman Judge Justice Coach Manager
    General Gen. Colonel Col. Major Maj. Captain Capt. Lieutenant Lt. Sergeant Sgt.
    Admiral Adm. Commander Chief Director Chairman Chairwoman Chair Chief Executive CEO
    Spokesman Spokeswoman Spokesperson Ambassador King Queen Prince Princess Pope Bishop
    Archbishop Cardinal Rabbi Imam Father Sister Brother Officer Detective Inspector
    Superintendent Commissioner Constable Speaker Leader Foreign Defense Defence Interior
    Finance Health Economy Economic Justice Education Environment Energy Trade Transport
    Culture Labour Labor Agriculture Acting Former Deputy Assistant Attorney Councillor
    Councilor Councilwoman Councilman Alderman Chairperson Premier Dean Provost Saint
    Chancellor Sheriff Marshal Emperor Sultan Sheikh Emir Ayatollah Patriarch Metropolitan
    Striker Midfielder Defender Goalkeeper Forward Winger Captain Skipper Veteran
    Opposition Party Club Team State Federal National Regional Senior Junior Head
    Minister-President Governor-General Lt.-Gen. Brig. Brigadier Marshal Field Auditor
    Surveyor Registrar Ombudsman Controller Comptroller Treasurer Solicitor Advocate
    Prosecutor Barrister Counsel Governor-General Secretary-General Director-General
    """
)
FEMALE_TITLES: Final = _words("Mrs Mrs. Ms Ms. Miss Dame Lady Queen Princess Sister Chairwoman")
MALE_TITLES: Final = _words("Mr Mr. Sir Lord King Prince Father Brother Chairman")
# Title words that, alone before a name, say it is a person.
PERSON_TITLES: Final = TITLES - _words(
    "Foreign Defense Defence Interior Finance Health Economy Economic Justice Education "
    "Environment Energy Trade Transport Culture Labour Labor Agriculture Acting Former "
    "Opposition Party Club Team State Federal National Regional Senior Junior Head Vice"
)

# The last word of an organisation's name.
ORG_HEADS: Final = _words(
    """
    Ministry Authority Council Party Company Corporation Corp Corp. Inc Inc. Ltd Ltd. LLC
    plc PLC AG GmbH SA Group Bank Banks University College School Agency Commission
    Committee Union Association Federation League Club FC United Court Police Army Navy
    Institute Foundation Trust Times Post Gazette News Herald Tribune Journal Chronicle
    Courier Ledger Review Observer Telegraph Express Daily Weekly Press Media Radio TV
    Television Broadcasting Network Chemicals Chemical Industries Holdings Airlines Airways
    Motors Energy Systems Technologies Technology Labs Laboratories Services Service
    Department Office Bureau Assembly Parliament Senate Congress Government Administration
    Church Hospital Clinic Museum Fund Alliance Coalition Front Movement Board Cabinet
    Directorate Secretariat Tribunal Guard Forces Brigade Battalion Regiment Command
    Centre Center Society Organisation Organization Partners Capital Investments Insurance
    Pharmaceuticals Pharma Foods Logistics Shipping Petroleum Oil Gas Mining Steel Works
    Group Consortium Cooperative Co-operative Inc Rovers Athletic Wanderers Rangers City
    Orchestra Opera Theatre Theater Academy Observatory Council Conference Caucus Bloc
    Initiative Project Programme Program Mission Watch Monitor Institute Exchange Reserve
    Railways Railway Rail Transit Water Utilities Utility Power Electric Telecom Solutions
    Software Robotics Analytics Studios Records Publishing Publishers Books Magazine
    Renewables Securities Associates Consulting Consultants Advisers Advisors Research
    Markets Management Ventures Brewery Bakery Hardware Estates Properties Homes
    Construction Engineering Aviation Mobility Dynamics Pictures Films Entertainment
    Apparel Fashion Textiles Farms Dairy Beverages Wines Partnership Gallery Hotel Hotels
    Resorts Cinema Advertiser Echo Mirror Standard Independent Guardian Mail Examiner
    Enquirer Dispatch Bulletin Record Sentinel Inquirer Argus Courant Globe Register Beacon
    Voice Insider Wire Gazzetta Zeitung Allgemeine Nieuws Kurier Tidende Posten Dagblad
    Nyheter Stores Supermarkets Logistics Freight Terminals Ports Docks
    Shipyard Yard Mills Mejeri Cooperative Collective Trust Bureau Fund Foundation Charity
    Campaign Alliance Society Orchestra Choir Band Ensemble Company Theatre Ballet Air
    Airlines Express Rail Motors Guide Ultras Supporters Components Parts Devices
    Constabulary Cycling Racing Rowing Athletics Sports Sport Guild Primary Secondary
    Distribution Data Dispatch Quarterly Rescue Nordic Collective Partnership
    """
)
# A first word that makes a name an organisation's ("Ministry of Health", "Bank of Norway").
ORG_STARTS: Final = _words(
    """
    Banco Banca Banque Unión Union Ferrovías Ferrovie Compañía Compagnie Instituto Istituto
    Institut Società Société Groupe Gruppo Grupo Fundación Fondazione Fondation Stiftung
    Partido Partito Parti Ministerio Ministero Ministère Universidad Università Université
    Universität Hôpital Ospedale Osteria Trattoria Ristorante Café Hotel Hôtel Club Team
    Journal Office Friends Federation Confederation Alliance Coalition League Order
    Ministry Department University Bank Office Bureau Council Court Institute Federation
    Association Union Commission Committee Agency Authority Board Church House Royal
    National Federal Central State European International World United Supreme
    """
)
# Lower-case words that, following a capitalised name, make it an organisation
# ("the Azovstal steel plant", "Norvane's chemical works").
ORG_NOUNS: Final = _words(
    """
    plant factory company firm group works mill mine refinery plc corporation conglomerate
    bank lender insurer airline carrier club team party agency ministry startup retailer
    supermarket chain brand newspaper broadcaster outlet network utility operator
    manufacturer maker producer giant subsidiary consortium regulator watchdog union
    """
)
FACILITY_HEADS: Final = _words(
    """
    Stadium Arena Bridge Airport Station Hall Tower Palace Cathedral Mosque Temple Synagogue
    Castle Prison Harbour Harbor Port
    Dam Plant Building Centre Center Ground Field Gardens Pier Quay Terminal Tunnel Highway
    Motorway Market Mall Library Embassy Consulate Barracks Base Camp Courthouse House
    """
)
LOCATION_HEADS: Final = _words(
    """
    Dales Beacons Moors Downs Fells Wolds Fens Lagoon Canal Reservoirs Alps Highlands
    Street Road Avenue Boulevard Lane Square Park Quay Promenade Embankment Way Drive
    Reservoir River Sea Ocean Lake Lakes Mountains Mountain Mount Hills Valley Bay Island Islands
    Gulf Strait Straits Desert Forest Basin Coast Peninsula Plain Plains Delta Canal
    Channel Glacier Falls Reef Highlands Lowlands Marshes Estuary Sound Fjord Cape
    """
)
# "the regulator said": the last organisation whose name ends with one of these.
ORG_NOUN_HEADS: Final = {
    "regulator": frozenset({"Authority", "Commission", "Agency", "Office", "Regulator"}),
    "watchdog": frozenset({"Authority", "Commission", "Agency", "Office", "Watch", "Monitor"}),
    "club": frozenset(
        {
            "FC",
            "Club",
            "Rovers",
            "United",
            "Athletic",
            "City",
            "Wanderers",
            "Rangers",
            "Town",
            "Albion",
            "Athletico",
            "Sporting",
        }
    ),
    "government": frozenset({"Government", "Cabinet", "Administration", "Ministry"}),
    "prosecutors": frozenset({"Office", "Prosecutor", "Prosecution"}),
    "police": frozenset({"Police", "Constabulary", "Gendarmerie"}),
    "insurer": frozenset({"Insurance", "Assurance", "Group"}),
    "airline": frozenset({"Air", "Airlines", "Airways", "Aviation", "Jet", "Wings"}),
    "carrier": frozenset({"Air", "Airlines", "Airways", "Rail", "Railways", "Shipping"}),
    "union": frozenset({"Union", "Alliance", "Federation", "Association", "Guild"}),
    "studio": frozenset({"Pictures", "Studios", "Films", "Entertainment"}),
}
MEDIA_HEADS: Final = _words(
    """
    Times Post Gazette News Herald Tribune Journal Chronicle Courier Ledger Review Observer
    Telegraph Express Daily Weekly Press Media Radio TV Television Broadcasting Advertiser
    Echo Mirror Standard Independent Guardian Mail Examiner Enquirer Dispatch Bulletin
    Record Sentinel Inquirer Argus Courant Globe Register Beacon Voice Insider Wire Magazine
    """
)
# "the company said": the last business named; public bodies are not companies.
COMPANY_NOUNS: Final = _words(
    "company firm business group manufacturer maker operator retailer lender"
)
PUBLIC_BODY_HEADS: Final = _words(
    """
    Ministry Authority Council Party Commission Committee Agency Department Office Bureau
    Assembly Parliament Senate Congress Government Administration Police Court Tribunal
    Union Association Federation League Coalition Movement Trust Foundation Institute
    University College School Hospital Church Army Navy Forces Board Cabinet Directorate
    Inspectorate Constabulary Ombudsman Regulator Service
    """
)
# First words that make any name an organisation's.
STRONG_ORG_STARTS: Final = _words(
    "Team FC AFC SV SC CF AC AS RC CD VfB VfL TSV Sporting Atlético Olympique Racing Dynamo "
    "Dinamo Radio Club Hotel Hôtel Café Banco Banca Osteria Trattoria Ristorante Studio"
)
FOREIGN_ARTICLES: Final = _words("Le La Les El Los Las Il Der Die Das De Het")
LOCATION_STARTS: Final = _words(
    "Bay Gulf Col Lake Lago Lac Loch Isle Isla Ile Île Mount Monte Mont Sea Strait Straits "
    "Cape Cabo Valley Val Sierra Río Rio River Gorge Pass Plain Forest Desert Peninsula"
)
FACILITY_STARTS: Final = _words(
    "Church Cathedral Chiesa Iglesia Église Basilica Palazzo Palacio Palais Castle Castillo "
    "Castello Fort Bridge Ponte Puente Pont Piazza Plaza Place Rue Calle Via Avenida Stadium "
    "Estadio Stadio Tower Torre Museum Museo Musée Abbey Chapel Mosque Temple"
)
# Last words that make a capitalised run something other than a person's name.
NOT_PERSON_HEADS: Final = _words(
    """
    Town List Division League Cup Championship Prize Award Awards Act Bill Law Treaty
    Agreement Accord Plan Report Programme Program Day Week Festival Games Olympics Series
    Trophy Open Grand Prix Summit Conference Forum Reservoir Road Street Lane District
    Quarter Estate Square Works Plant Memo Index Strategy Fund Scheme Initiative Review
    Inquiry Commission Hearing Code Charter Declaration Protocol Doctrine Report Survey
    """
)
PLACE_PREFIXES: Final = _words(
    "Port Fort Saint St. San Santa Santo New North South East West Upper Lower Lake Mount "
    "Cape Glen Little Great Old"
)
# Well-known organisations named without an organisation word.
KNOWN_ORGS: Final = _words(
    """
    Kremlin Pentagon NATO UN EU UNESCO UNICEF WHO IMF OPEC Interpol Europol Frontex FIFA
    UEFA IOC Reuters AFP Bloomberg BBC CNN Hamas Hezbollah Taliban Nasa NASA FBI CIA NSA
    KGB FSB MI5 MI6 Mossad Gazprom Rosneft Google Apple Microsoft Amazon Meta Facebook
    Twitter Telegram Tesla Vatican Bundestag Knesset Duma Rada Sejm Eurostat Eurogroup
    Bundesbank Bundeswehr Wagner Greenpeace Oxfam Amnesty OSCE OECD ASEAN Mercosur
    """
)
KNOWN_ORG_PHRASES: Final = {
    "White House": "White House",
    "European Union": "European Union",
    "United Nations": "United Nations",
    "Red Cross": "Red Cross",
    "World Bank": "World Bank",
    "European Commission": "European Commission",
    "Security Council": "Security Council",
    "Downing Street": "Downing Street",
    "Amnesty International": "Amnesty International",
    "Human Rights Watch": "Human Rights Watch",
}
# Acronyms that are places, not organisations.
PLACE_ACRONYMS: Final = {
    "US": "United States",
    "USA": "United States",
    "UK": "United Kingdom",
    "UAE": "United Arab Emirates",
    "DRC": "Democratic Republic of the Congo",
}

# Regions and territories that are not in the city list but are in the news.
REGIONS: Final = frozenset(
    {
        "Abkhazia",
        "Africa",
        "Alberta",
        "Alsace",
        "Amazonia",
        "America",
        "Americas",
        "Anatolia",
        "Andalusia",
        "Antarctica",
        "Apulia",
        "Aquitaine",
        "Aragon",
        "Arctic",
        "Argyll",
        "Asia",
        "Assam",
        "Asturias",
        "Atlantic",
        "Attica",
        "Auckland",
        "Auvergne",
        "Bali",
        "Balkans",
        "Balochistan",
        "Baltics",
        "Basque Country",
        "Bavaria",
        "Bengal",
        "Bihar",
        "Bohemia",
        "Borneo",
        "Brandenburg",
        "Britain",
        "British Columbia",
        "Brittany",
        "Burgundy",
        "Calabria",
        "Campania",
        "Canterbury",
        "Caribbean",
        "Carinthia",
        "Castile",
        "Catalonia",
        "Caucasus",
        "Champagne",
        "Chechnya",
        "Cheshire",
        "Connacht",
        "Cornwall",
        "Corsica",
        "County Clare",
        "County Cork",
        "County Donegal",
        "County Galway",
        "County Kerry",
        "County Limerick",
        "Crete",
        "Crimea",
        "Cumbria",
        "Dagestan",
        "Dalmatia",
        "Darfur",
        "Devon",
        "Donbas",
        "Donbass",
        "Donetsk",
        "Dorset",
        "Durham",
        "Emilia Romagna",
        "Emilia-Romagna",
        "England",
        "Essex",
        "Europe",
        "Extremadura",
        "Fife",
        "Flanders",
        "Franconia",
        "Funen",
        "Galicia",
        "Galilee",
        "Gascony",
        "Gaza",
        "Golan Heights",
        "Great Britain",
        "Gujarat",
        "Gulf",
        "Hebrides",
        "Hesse",
        "Highlands",
        "Hokkaido",
        "Holland",
        "Hong Kong",
        "Istria",
        "Java",
        "Judea",
        "Jutland",
        "Karnataka",
        "Kashmir",
        "Kent",
        "Kerala",
        "Kharkiv",
        "Kherson",
        "Kosovo",
        "Kurdistan",
        "Kyushu",
        "Lancashire",
        "Languedoc",
        "Lapland",
        "Latin America",
        "Lazio",
        "Leinster",
        "Levant",
        "Liguria",
        "Lincolnshire",
        "Lombardia",
        "Lombardy",
        "Lorraine",
        "Lower Saxony",
        "Luhansk",
        "Lviv",
        "Macau",
        "Macedonia",
        "Maghreb",
        "Maharashtra",
        "Manitoba",
        "Masuria",
        "Mediterranean",
        "Merseyside",
        "Middle East",
        "Midwest",
        "Mindanao",
        "Moravia",
        "Munster",
        "Murcia",
        "Navarre",
        "New South Wales",
        "Norfolk",
        "Normandy",
        "North America",
        "Northern Ireland",
        "Northern Territory",
        "Northumberland",
        "Nova Scotia",
        "Occitanie",
        "Oceania",
        "Odesa",
        "Odessa",
        "Okinawa",
        "Ontario",
        "Orkney",
        "Otago",
        "Pacific",
        "Papua",
        "Patagonia",
        "Picardy",
        "Piedmont",
        "Pomerania",
        "Provence",
        "Puglia",
        "Punjab",
        "Quebec",
        "Queensland",
        "Rajasthan",
        "Sahel",
        "Salzburg",
        "Sardinia",
        "Savoie",
        "Savoy",
        "Saxony",
        "Scandinavia",
        "Scotland",
        "Scottish Borders",
        "Shetland",
        "Siberia",
        "Sicily",
        "Silesia",
        "Silicon Valley",
        "Sinai",
        "Sindh",
        "Skåne",
        "Somerset",
        "South America",
        "South Australia",
        "Styria",
        "Suffolk",
        "Sumatra",
        "Surrey",
        "Sussex",
        "Swabia",
        "Taiwan",
        "Tamil Nadu",
        "Tasmania",
        "Thrace",
        "Thuringia",
        "Tibet",
        "Tigray",
        "Transnistria",
        "Transylvania",
        "Tuscany",
        "Tyrol",
        "Ulster",
        "Umbria",
        "Upper Austria",
        "Valencia",
        "Veneto",
        "Victoria",
        "Wales",
        "Wallachia",
        "Wallonia",
        "West Bank",
        "West Cornwall",
        "Western Australia",
        "Westphalia",
        "Xinjiang",
        "Yorkshire",
        "Yukon",
        "Zaporizhzhia",
        "Zealand",
    }
)
CONTINENT_LIKE: Final = frozenset(
    "Europe Asia Africa Americas Antarctica Arctic Oceania Mediterranean Caribbean Pacific "
    "Atlantic Balkans Caucasus Scandinavia Baltics Sahel Levant Maghreb Patagonia".split()
)

NATIONALITIES: Final = _words(
    """
    Afghan Albanian Algerian American Andorran Angolan Argentine Argentinian Armenian
    Australian Austrian Azerbaijani Bahamian Bahraini Bangladeshi Barbadian Belarusian
    Belgian Belizean Beninese Bhutanese Bolivian Bosnian Botswanan Brazilian British Bruneian
    Bulgarian Burkinabe Burmese Burundian Cambodian Cameroonian Canadian Chadian Chilean
    Chinese Colombian Congolese Croatian Cuban Cypriot Czech Danish Djiboutian Dominican
    Dutch Ecuadorian Egyptian Emirati English Eritrean Estonian Ethiopian European Fijian
    Filipino Finnish French Gabonese Gambian Georgian German Ghanaian Greek Grenadian
    Guatemalan Guinean Guyanese Haitian Honduran Hungarian Icelandic Indian Indonesian
    Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese Jordanian Kazakh Kenyan
    Korean Kosovar Kuwaiti Kyrgyz Lao Laotian Latvian Lebanese Liberian Libyan Lithuanian
    Luxembourgish Macedonian Malagasy Malawian Malaysian Maldivian Malian Maltese Mauritanian
    Mauritian Mexican Moldovan Monegasque Mongolian Montenegrin Moroccan Mozambican Namibian
    Nepalese Nepali Nicaraguan Nigerian Nigerien Norwegian Omani Pakistani Palestinian
    Panamanian Paraguayan Peruvian Polish Portuguese Qatari Romanian Russian Rwandan Saudi
    Scottish Senegalese Serbian Singaporean Slovak Slovenian Somali South African Spanish
    Sri Lankan Sudanese Surinamese Swazi Swedish Swiss Syrian Taiwanese Tajik Tanzanian
    Thai Togolese Tongan Trinidadian Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan
    Uzbek Venezuelan Vietnamese Welsh Yemeni Zambian Zimbabwean Arab Arabic Kurdish Basque
    Catalan Flemish Bavarian Tatar Chechen Crimean Uyghur Tibetan Pashtun Baloch Persian
    Hispanic Latino Latina African Asian Western Soviet Nordic Baltic Balkan Slavic
    Catholic Protestant Orthodox Muslim Christian Jewish Hindu Buddhist Sikh Sunni Shia
    Shiite Evangelical Lutheran Anglican Methodist Baptist Mormon Democrat Democrats
    Republican Republicans Conservative Conservatives Labourite Socialist Socialists
    Communist Communists Liberal Liberals Green Greens Nationalist Nationalists Israelis
    Palestinians Russians Ukrainians Americans Germans Europeans Chinese Muslims Christians
    Jews Catholics Kurds Arabs Africans Britons Scots Irish French Italians Spaniards Poles
    Swedes Norwegians Danes Finns Greeks Turks Iranians Iraqis Syrians Afghans Indians
    Pakistanis Japanese Koreans Brazilians Mexicans Canadians Australians Dane Danes Swede
    Finn Finns Pole Scot Brit Turk Spaniard Faroese Corsican Cumbrian Galician Cornish
    Sardinian Sicilian Tuscan Andalusian Castilian Breton Norman Provençal Alsatian Flemish
    Walloon Frisian Bavarian Saxon Prussian Silesian Bohemian Moravian Transylvanian
    Lapp Sámi Sami Inuit Aboriginal Maori Māori Quebecer Québécois Texan Californian
    Floridian Queenslander Queenslanders Tasmanian Yorkshireman Lancastrian Glaswegian
    Londoner Londoners Parisian Parisians Berliner Muscovite Muscovites Venetian Neapolitan
    Roman Milanese Catalans Basques Kurds Yazidi Druze Rohingya Hazara Tamil Sinhalese
    Punjabi Bengali Gujarati Kashmiri Tibetan Uighur Mongol Cossack Roma Romani Gypsy
    """
)

# Rivers, seas, mountain ranges and other natural features often named alone.
LANDMARKS: Final = frozenset(
    line.strip()
    for line in """
    Danube, Rhine, Elbe, Oder, Vistula, Volga, Dnieper, Dniester, Don, Thames, Seine, Loire,
    Rhône, Rhone, Garonne, Po, Tiber, Arno, Ebro, Tagus, Douro, Guadalquivir, Guadiana, Maas,
    Meuse, Scheldt, Moselle, Main, Mur, Drava, Sava, Tisza, Inn, Nile, Niger, Congo, Zambezi,
    Limpopo, Amazon, Orinoco, Paraná, Mississippi, Missouri, Ohio River, Hudson, Potomac,
    Rio Grande, Yukon, Mackenzie, Yangtze, Yellow River, Mekong, Ganges, Brahmaputra, Indus,
    Euphrates, Tigris, Jordan River, Liffey, Clyde, Tyne, Tees, Severn, Mersey, Trent, Tweed,
    Kelvin, Tay, Dee, Spey, Shannon River, Neva, Ob, Yenisei, Lena, Amur, Irrawaddy, Murray,
    Adriatic, Aegean, Baltic Sea, Caspian, Caspian Sea, Black Sea, North Sea, Irish Sea,
    Norwegian Sea, Red Sea, Dead Sea, Barents Sea, White Sea, Tyrrhenian, Ionian, Ligurian Sea,
    North Atlantic, South Atlantic, Indian Ocean, Southern Ocean, Arctic Ocean, English Channel,
    Bay of Biscay, Gulf Stream, Alps, Pyrenees, Carpathians, Apennines, Dolomites, Balkans,
    Andes, Himalayas, Rockies, Rocky Mountains, Urals, Appalachians, Atlas Mountains, Tatras,
    Sahara, Gobi, Kalahari, Atacama, Mojave, Outback, Serengeti, Everest, Kilimanjaro,
    Mont Blanc, Matterhorn, Etna, Vesuvius, Fuji, Doñana, Camargue, Dartmoor, Exmoor,
    Snowdonia, Lake District, Peak District, Cotswolds, Highlands and Islands
    """.replace("\n", " ").split(",")
    if line.strip()
)
# Words stripped from the front of a capitalised run wherever it stands.
ALWAYS_STRIPPED: Final = _words(
    """
    A An The This That These Those It Its He She They We I You His Her Their Our My Your
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Mon Tue Wed Thu Fri Sat Sun
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """
)
# Capitalised words that begin sentences but are not names.
NOT_NAMES: Final = _words(
    """
    A An The This That These Those It Its He She They We I You His Her Their Our My Your
    But And Or Nor So Yet For If When While Although Though Because Since After Before
    During Until Unless As At In On Of By With Without From To Into Onto Over Under About
    Above Below Between Among Across Through Throughout Despite However Meanwhile Moreover
    Furthermore Still Also Even Just Only Then Now Today Yesterday Tomorrow Tonight Last
    Next First Second Third Finally Later Earlier Instead Indeed Otherwise Nevertheless
    Nonetheless Thus Therefore Hence Perhaps Maybe Many Most Some Several Few All Both Each
    Every Any No None Not Neither Either Other Another Such What Which Who Whom Whose Where
    Why How There Here Yes One Two Three Four Five Six Seven Eight Nine Ten Hundreds
    Thousands Millions Dozens Asked Speaking Writing According Like Unlike Officials
    Residents Critics Supporters Analysts Experts Police Doctors Workers Farmers Fans
    Voters Investors Children Parents People Others Everyone Nobody Somebody Someone
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Mon Tue Wed Thu Fri Sat Sun
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mr Mrs Ms Dr Prof St Photo Photos
    Related Original Read More Share Watch Listen See Click Sign Subscribe Follow Image
    Video Update Updated Editor Note Source Sources Advertisement Copyright Please Thank
    Thanks Well Oh Yes Okay OK Sure Dear Hello Goodbye Welcome Let Do Does Did Is Are Was
    Were Be Been Being Have Has Had Will Would Shall Should Can Could May Might Must
    New Old Good Bad Big Small Great Long Short High Low Early Late Full Half Whole Free
    Our Their Almost Around Roughly Nearly About Over Under Up Down Out Off Again Once
    Twice Never Always Often Sometimes Usually Already Soon Sometime Anyway Besides Else
    Whether Either Rather Quite Very Too Much More Less Least Best Worst Better Worse
    Q A Q. A. Chapter Part Section Page Figure Table Episode Season Round Game Match Day
    Week Month Year Years Days Weeks Months Hours Minutes Seconds Morning Afternoon
    Evening Night Spring Summer Autumn Fall Winter Christmas Easter Ramadan
    """
)


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("reader.extract").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def places() -> dict[str, str]:
    """Place name → kind (country, city, region, continent)."""
    table = {name: kind for name, kind in _data_lines("places.tsv")}
    for region in REGIONS:
        table.setdefault(region, "continent" if region in CONTINENT_LIKE else "region")
    return table


@cache
def common_words() -> frozenset[str]:
    """Lower-case English words (not first names or common surnames)."""
    return frozenset(
        line
        for line in resources.files("reader.extract")
        .joinpath("data", "common_words.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line and not line.startswith("#")
    )


@cache
def first_names() -> dict[str, str]:
    """First name → 'f', 'm' or 'u' (used for both)."""
    return {name: sex for name, sex in _data_lines("first_names.tsv")}
