// A `Region` is `#[non_exhaustive]`: a region the provider opens is a minor release.
use userapi::pingone::Region;

fn main() {
    let _ = match Region::Europe {
        Region::NorthAmerica => "com",
        Region::Europe => "eu",
        Region::AsiaPacific => "asia",
        Region::Canada => "ca",
    };
}
