namespace PlateWeb.Recognition.Grammar;

/// <summary>
/// German district codes (Unterscheidungszeichen). Without them the German layout (1-3 letters,
/// 1-2 letters, 1-4 digits) fits almost any LLL-DDDD text, Brazilian and Texan plates included.
/// The list holds the codes in current use for the larger districts and cities; a real plate from a
/// district missing here still reads right and falls back to the generic European format.
/// </summary>
internal static class GermanDistricts
{
    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        // One letter: the largest cities.
        "A", "B", "C", "D", "E", "F", "G", "H", "K", "L", "M", "N", "P", "R", "S", "T", "U", "V", "W", "Z",
        // Two letters.
        "AA", "AB", "AC", "AE", "AK", "AM", "AN", "AP", "AS", "AW", "AZ", "BA", "BB", "BC", "BD", "BE", "BH", "BI",
        "BK", "BL", "BM", "BN", "BO", "BR", "BS", "BT", "BZ", "CA", "CB", "CE", "CO", "CR", "CW", "DA", "DD", "DE",
        "DH", "DL", "DM", "DN", "DO", "DU", "DW", "DZ", "EA", "EB", "ED", "EE", "EF", "EI", "EL", "EM", "EN", "ER",
        "ES", "EU", "EW", "FB", "FD", "FF", "FG", "FL", "FN", "FO", "FR", "FS", "FT", "FW", "FZ", "GA", "GC", "GD",
        "GE", "GF", "GG", "GI", "GL", "GM", "GP", "GR", "GS", "GT", "GU", "GZ", "HA", "HB", "HC", "HD", "HE", "HF",
        "HG", "HH", "HI", "HK", "HL", "HM", "HN", "HO", "HP", "HR", "HS", "HU", "HX", "HY", "HZ", "IK", "IN", "IZ",
        "JE", "JL", "KA", "KB", "KC", "KE", "KF", "KG", "KH", "KI", "KK", "KL", "KM", "KN", "KO", "KR", "KS", "KT",
        "KU", "KW", "KY", "LA", "LB", "LD", "LF", "LG", "LH", "LI", "LL", "LM", "LN", "LO", "LP", "LU", "MA", "MB",
        "MC", "MD", "ME", "MG", "MH", "MI", "MK", "ML", "MM", "MN", "MO", "MQ", "MR", "MS", "MT", "MW", "MY", "MZ",
        "NB", "ND", "NE", "NF", "NH", "NI", "NK", "NM", "NO", "NP", "NR", "NU", "NW", "NY", "NZ", "OA", "OB", "OD",
        "OE", "OF", "OG", "OH", "OK", "OL", "OP", "OS", "OZ", "PA", "PB", "PE", "PF", "PI", "PL", "PM", "PN", "PR",
        "PS", "PW", "PZ", "RA", "RC", "RD", "RE", "RG", "RH", "RI", "RL", "RM", "RO", "RP", "RS", "RT", "RU", "RV",
        "RW", "RZ", "SB", "SC", "SE", "SG", "SH", "SI", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "ST", "SU", "SW",
        "SY", "SZ", "TE", "TF", "TG", "TO", "TP", "TR", "TS", "TT", "TU", "UE", "UH", "UL", "UM", "UN", "VB", "VK",
        "VR", "VS", "WA", "WB", "WE", "WF", "WI", "WL", "WM", "WN", "WO", "WR", "WS", "WT", "WU", "WW", "WZ", "ZE",
        "ZI", "ZP", "ZR", "ZW", "ZZ",
        // Three letters.
        "AIC", "ALF", "ALZ", "ANA", "ANG", "ANK", "APD", "ARN", "ART", "ASL", "ASZ", "AUR", "AZE", "BAD", "BAR",
        "BBG", "BBL", "BCH", "BED", "BER", "BGL", "BID", "BIN", "BIR", "BIT", "BIW", "BLK", "BNA", "BOH", "BOR",
        "BOT", "BRA", "BRB", "BRG", "BRK", "BRL", "BRV", "BSB", "BSK", "BTF", "BUD", "BUL", "BUR", "BUS", "BUZ",
        "CAS", "CHA", "CLP", "CLZ", "COC", "COE", "CUX", "DAH", "DAN", "DAU", "DBR", "DEG", "DEL", "DGF", "DIL",
        "DIN", "DIZ", "DKB", "DLG", "DON", "DUD", "DUW", "EBE", "EBN", "EBS", "ECK", "EIC", "EIL", "EIN", "EIS",
        "EMD", "EMS", "ERB", "ERH", "ERK", "ERZ", "ESB", "ESW", "FDB", "FDS", "FEU", "FFB", "FKB", "FLÖ", "FOR",
        "FRG", "FRI", "FRW", "FTL", "FÜS", "GAN", "GAP", "GDB", "GEL", "GEO", "GER", "GHA", "GHC", "GLA", "GMN",
        "GNT", "GOA", "GOH", "GRA", "GRH", "GRI", "GRM", "GRZ", "GTH", "GUB", "GUN", "GVM", "HAB", "HAL", "HAM",
        "HAS", "HBN", "HBS", "HCH", "HDH", "HDL", "HEB", "HEF", "HEI", "HEL", "HER", "HET", "HGN", "HGW", "HHM",
        "HIG", "HIP", "HMÜ", "HOG", "HOH", "HOL", "HOM", "HOR", "HOT", "HRO", "HSK", "HST", "HVL", "HWI", "IGB",
        "ILL", "JÜL", "KEH", "KEL", "KEM", "KIB", "KLE", "KLZ", "KÖN", "KÖT", "KÖZ", "KRU", "KUN", "KUS", "KYF",
        "LAN", "LAU", "LBS", "LBZ", "LDK", "LDS", "LEO", "LER", "LEV", "LIB", "LIF", "LIP", "LÖB", "LOS", "LRO",
        "LSA", "LSN", "LSZ", "LUN", "LUP", "LWL", "MAB", "MAI", "MAK", "MAL", "MED", "MEG", "MEI", "MEK", "MEL",
        "MER", "MET", "MGH", "MGN", "MHL", "MIL", "MKK", "MOD", "MOL", "MON", "MOS", "MSE", "MSH", "MSP", "MST",
        "MTK", "MTL", "MÜB", "MÜR", "MVL", "MYK", "MZG", "NAB", "NAI", "NAU", "NDH", "NEA", "NEB", "NEC", "NEN",
        "NES", "NEW", "NMB", "NMS", "NOH", "NOL", "NOM", "NOR", "NVP", "NWM", "OAL", "OBB", "OBG", "OCH", "OHA",
        "OHV", "OHZ", "OPR", "OSL", "OVI", "OVL", "PAF", "PAN", "PAR", "PCH", "PEG", "PIR", "PLÖ", "PRÜ", "QFT",
        "QLB", "RDG", "REG", "REH", "REI", "RID", "RIE", "ROD", "ROF", "ROK", "ROL", "ROS", "ROT", "ROW", "RSL",
        "RÜD", "RÜG", "SAB", "SAD", "SAN", "SAW", "SBG", "SBK", "SCZ", "SDH", "SDL", "SDT", "SEB", "SEE", "SEF",
        "SEL", "SFB", "SFT", "SGH", "SHA", "SHG", "SHK", "SHL", "SIG", "SIM", "SLE", "SLF", "SLK", "SLN", "SLS",
        "SLÜ", "SLZ", "SMÜ", "SOB", "SOG", "SOK", "SÖM", "SON", "SPB", "SPN", "SRB", "SRO", "STA", "STB", "STD",
        "STE", "STL", "SUL", "SÜW", "SWA", "SZB", "TBB", "TDO", "TET", "TIR", "TÖL", "TUT", "UEM", "UER", "UFF",
        "USI", "VAI", "VEC", "VER", "VIB", "VIE", "VIT", "VOH", "WAF", "WAK", "WAN", "WAR", "WAT", "WBS", "WDA",
        "WEL", "WEN", "WER", "WES", "WHV", "WIL", "WIS", "WIT", "WIZ", "WLG", "WMS", "WND", "WOB", "WOH", "WOL",
        "WOR", "WOS", "WRN", "WSF", "WST", "WSW", "WTL", "WTM", "WUG", "WÜM", "WUN", "WUR", "WZL", "ZEL", "ZIG",
    };

    /// <summary>True when some split of the leading letters gives a known district followed by 1-2 letters.</summary>
    public static bool StartsWithDistrict(string text)
    {
        var letters = 0;
        while (letters < text.Length && char.IsAsciiLetter(text[letters])) letters++;
        for (var k = 1; k <= 3 && k < letters; k++)
        {
            var rest = letters - k;
            if (rest is >= 1 and <= 2 && Codes.Contains(text[..k])) return true;
        }
        return false;
    }
}
