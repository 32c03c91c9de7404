/// A calendar date (`YYYY-MM-DD`, proleptic Gregorian), stored as days since 1970-01-01.
///
/// Dates in course files and packs are civil dates with no time zone; plain integers keep them
/// comparable and cheap, with no Foundation on the hot path.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible, BitwiseCopyable {
  public var days: Int

  public init(days: Int) { self.days = days }

  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year),
          (1...9999).contains(year) else { return nil }
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    days = era * 146_097 + doe - 719_468
  }

  /// Parses exactly `YYYY-MM-DD`.
  public init?(_ text: String) {
    // Read in place: copying the bytes into an array cost an allocation per date read.
    guard let date = text.withUTF8Bytes({ CivilDate(bytes: $0) }) else { return nil }
    self = date
  }

  /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes (a course file's scalar, read in place).
  init?(bytes u: UnsafeBufferPointer<UInt8>) {
    guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
    func number(_ r: Range<Int>) -> Int? {
      var n = 0
      for i in r {
        guard u[i] >= 0x30, u[i] <= 0x39 else { return nil }
        n = n * 10 + Int(u[i] - 0x30)
      }
      return n
    }
    guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
    self.init(year: y, month: m, day: d)
  }

  public var components: (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// The same day `n` months later, clamped to the month's last day.
  public func adding(months n: Int) -> CivilDate {
    let (y, m, d) = components
    let total = y * 12 + (m - 1) + n
    let ny = total / 12, nm = total % 12 + 1
    let clamped = min(d, CivilDate.daysIn(month: nm, year: ny))
    return CivilDate(year: ny, month: nm, day: clamped) ?? self
  }

  /// Whole months from `self` to `other` (negative when `other` is earlier).
  public func months(to other: CivilDate) -> Int {
    let a = components, b = other.components
    var months = (b.year - a.year) * 12 + (b.month - a.month)
    if months > 0, b.day < a.day { months -= 1 }
    if months < 0, b.day > a.day { months += 1 }
    return months
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public static func < (a: CivilDate, b: CivilDate) -> Bool { a.days < b.days }

  public var description: String {
    let (y, m, d) = components
    func pad(_ n: Int, _ width: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension CivilDate {
  /// Today in UTC.
  public static func today() -> CivilDate {
    CivilDate(days: Int(time(nil)) / 86_400)
  }
}
