import CNcursesW

/// The ncurses colour pairs in use, allocated with `alloc_pair` and remembered by colour.
///
/// Images can need thousands of pairs; when a frame would run out, all pairs are released at once
/// (`reset_color_pairs`) and the frame is sent whole, so a pair is never recycled under a cell that
/// still shows it.
struct ColourPairs {
  struct Key: Hashable {
    var foreground: Int
    var background: Int
  }

  var limit = 0
  private var allocated: [Key: Int32] = [:]

  func contains(_ key: Key) -> Bool { allocated[key] != nil }

  func wouldOverflow(adding count: Int) -> Bool {
    count > 0 && allocated.count + count >= limit - 1
  }

  mutating func pair(for key: Key) -> Int32 {
    if let pair = allocated[key] { return pair }
    let pair = alloc_pair(Int32(key.foreground), Int32(key.background))
    guard pair > 0 else { return 0 }  // exhausted within one frame: default colours
    allocated[key] = pair
    return pair
  }

  mutating func reset() {
    reset_color_pairs()
    allocated.removeAll(keepingCapacity: true)
  }
}
