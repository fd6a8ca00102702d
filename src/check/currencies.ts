// ISO 4217 currency codes in current use, with their minor units (digits after
// the decimal point). Precious metals and testing codes are left out: a
// program cannot pay incentives in them.

const NOT_TWO_DIGITS: Record<string, number> = {
  BHD: 3, BIF: 0, CLF: 4, CLP: 0, DJF: 0, GNF: 0, IQD: 3, ISK: 0, JOD: 3, JPY: 0,
  KMF: 0, KRW: 0, KWD: 3, LYD: 3, OMR: 3, PYG: 0, RWF: 0, TND: 3, UGX: 0, UYI: 0,
  UYW: 4, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
};

const TWO_DIGITS =
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD " +
  "BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD " +
  "EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR " +
  "IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP " +
  "MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN " +
  "QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL " +
  "THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR " +
  "ZMW ZWG ZWL";

/** Minor units per ISO 4217 code. */
export const CURRENCY_MINOR_UNITS: ReadonlyMap<string, number> = new Map<string, number>([
  ...TWO_DIGITS.split(" ").map((code): [string, number] => [code, 2]),
  ...Object.entries(NOT_TWO_DIGITS),
]);

export const DEFAULT_CURRENCY = "USD";

/** Digits after the decimal point for `code`; undefined when the code is not known. */
export function currencyMinorUnits(code: string): number | undefined {
  return CURRENCY_MINOR_UNITS.get(code);
}
