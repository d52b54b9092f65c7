//! Vocabulary IRIs: the only place that names them.
//!
//! In: nothing. Out: IRI constants of the readout ontology (`ontology/readout.ttl`), of the
//! identifiers readout mints, and of the standard vocabularies it reuses. Must not: mint IRIs
//! from data (that is `rdf::iri`).

macro_rules! terms {
    ($base:literal; $($(#[$doc:meta])* $name:ident = $local:literal),* $(,)?) => {
        $( $(#[$doc])* pub const $name: &str = concat!($base, $local); )*
        /// Every term of this vocabulary, for checks that each is declared.
        pub const ALL: &[&str] = &[$($name),*];
    };
}

/// Prefixes used when writing Turtle and TriG.
pub const PREFIXES: &[(&str, &str)] = &[
    ("ro", "https://w3id.org/readout/ontology#"),
    ("person", "https://w3id.org/readout/id/person/"),
    ("country", "https://w3id.org/readout/id/country/"),
    ("event", "https://w3id.org/readout/id/event/"),
    ("article", "https://w3id.org/readout/id/article/"),
    ("office", "https://w3id.org/readout/id/office/"),
    ("schema", "https://schema.org/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
];

/// The readout ontology.
pub mod ro {
    pub const NS: &str = "https://w3id.org/readout/ontology#";
    terms! { "https://w3id.org/readout/ontology#";
        REPORT = "Report", CONTACT = "Contact", CALL = "Call", MEETING = "Meeting",
        PARTICIPATION = "Participation", EVIDENCE = "Evidence", DISAGREEMENT = "Disagreement",
        COUNTRY = "Country", INSTITUTION = "Institution", OFFICE_TERM = "OfficeTerm", ROLE = "Role",
        REPORT_OF = "reportOf", KIND = "kind", STATED_DATE = "statedDate", DATE_TEXT = "dateText",
        PARTICIPATION_PROP = "participation", INITIATOR_COUNTRY = "initiatorCountry",
        INITIATOR_PERSON = "initiatorPerson", OCCURRED = "occurred", EVIDENCE_PROP = "evidence",
        ARTICLE_ID = "articleId", PERSON = "person", NAME_AS_WRITTEN = "nameAsWritten",
        ROLE_AS_WRITTEN = "roleAsWritten", ROLE_PROP = "role", COUNTRY_PROP = "country",
        IMPLICIT = "implicit", START = "start", END = "end", SENTENCE = "sentence", RULE = "rule",
        SOURCE_COUNT = "sourceCount", CONSOLIDATED_INITIATOR = "consolidatedInitiator",
        HOLDER = "holder", HEAD_ROLE = "headRole", ISO_CODE = "isoCode", DEMONYM = "demonym",
        METONYM = "metonym", WIKIDATA = "wikidata", SEEN_IN = "seenIn", MAIN = "main",
        EARLIER = "earlier", PARTICIPANT_KEY = "participantKey", SUPPORT = "support",
        PROPERTY = "property", SUPPORTED_VALUE = "supportedValue", STORE_LAYOUT = "storeLayout",
        RESOLUTION_PENDING = "resolutionPending", DISAGREEMENT_PROP = "disagreement",
        STATED_BY = "statedBy", PARTICIPANT_SUMMARY = "participantSummary", SORT_KEY = "sortKey",
    }
}

/// Identifiers readout mints (people, countries, events, articles, graphs).
pub mod id {
    pub const PERSON: &str = "https://w3id.org/readout/id/person/";
    pub const COUNTRY: &str = "https://w3id.org/readout/id/country/";
    pub const EVENT: &str = "https://w3id.org/readout/id/event/";
    pub const ARTICLE: &str = "https://w3id.org/readout/id/article/";
    pub const OFFICE: &str = "https://w3id.org/readout/id/office/";
    /// Named graph of the knowledge loaded before reading.
    pub const KNOWLEDGE_GRAPH: &str = "https://w3id.org/readout/graph/knowledge";
    /// Named graph of the cross-article facts (events, people, report-to-event links).
    pub const CONSOLIDATED_GRAPH: &str = "https://w3id.org/readout/graph/consolidated";
    /// Named graph of the ontology itself.
    pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/readout/graph/ontology";
    /// Prefix of each article's own named graph.
    pub const ARTICLE_GRAPH: &str = "https://w3id.org/readout/graph/article/";
}

pub mod rdf {
    pub const TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    pub const VALUE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value";
}

pub mod rdfs {
    pub const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
}

pub mod xsd {
    pub const NS: &str = "http://www.w3.org/2001/XMLSchema#";
    pub const INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
    pub const DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";
    pub const BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
    pub const DATE: &str = "http://www.w3.org/2001/XMLSchema#date";
}

pub mod skos {
    pub const PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
    pub const ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
}

pub mod schema {
    pub const PERSON: &str = "https://schema.org/Person";
    pub const NEWS_ARTICLE: &str = "https://schema.org/NewsArticle";
    pub const NAME: &str = "https://schema.org/name";
    pub const HEADLINE: &str = "https://schema.org/headline";
    pub const DATE_PUBLISHED: &str = "https://schema.org/datePublished";
    pub const PUBLISHER: &str = "https://schema.org/publisher";
    pub const URL: &str = "https://schema.org/url";
    pub const START_DATE: &str = "https://schema.org/startDate";
    pub const END_DATE: &str = "https://schema.org/endDate";
    pub const ATTENDEE: &str = "https://schema.org/attendee";
    pub const ABOUT: &str = "https://schema.org/about";
}

pub mod prov {
    pub const WAS_DERIVED_FROM: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
    pub const WAS_ATTRIBUTED_TO: &str = "http://www.w3.org/ns/prov#wasAttributedTo";
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_term_is_declared_in_the_ontology_with_label_and_comment() {
        let ontology = include_str!("../../ontology/readout.ttl");
        for term in super::ro::ALL {
            let local = term.strip_prefix(super::ro::NS).unwrap();
            let start = ontology
                .find(&format!("\nro:{local} a "))
                .unwrap_or_else(|| panic!("ro:{local} is not declared in ontology/readout.ttl"));
            let declaration = &ontology[start..];
            let end = declaration.find(" .\n").unwrap_or(declaration.len());
            let declaration = &declaration[..end];
            assert!(
                declaration.contains("rdfs:label"),
                "ro:{local} has no label"
            );
            assert!(
                declaration.contains("rdfs:comment"),
                "ro:{local} has no comment"
            );
        }
    }
}
