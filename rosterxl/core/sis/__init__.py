"""From a student information system's export to the portal's three sheets: OneRoster 1.1 and 1.2 CSV bundles
and Clever's SFTP files read and checked the way the formats' own validators would (model, formats), turned
into Classes/Groups, Educators and Students by the decisions the district makes once in rosterxl.toml
(decisions, convert). Files come in as grids of text; reading them is a medium's work."""
