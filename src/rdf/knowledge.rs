//! Reads knowledge (countries, institutions, people, offices) from Turtle.
//!
//! In: Turtle text in the shape of `ontology/knowledge.ttl` (the bundled file, then any user
//! files). Out: a [`Knowledge`]. Must not: know about articles. A user file adds people or
//! terms to existing ones (same IRI) and may add variants; it cannot remove bundled facts.

use std::collections::BTreeMap;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;

use crate::date::Day;
use crate::knowledge::{Country, Institution, Knowledge, KnownPerson, OfficeTerm, Role};
use crate::rdf::vocab::{id, rdf, ro, schema, skos};

/// The knowledge bundled with readout: countries, institutions and well-known people
/// (`ontology/knowledge.ttl`), and the heads of state and government, foreign and defence
/// ministers of some ninety countries since 2021 (`ontology/knowledge-officials.ttl`).
pub const BUNDLED_FILES: &[(&str, &str)] = &[
    (
        "ontology/knowledge.ttl",
        include_str!("../../ontology/knowledge.ttl"),
    ),
    (
        "ontology/knowledge-officials.ttl",
        include_str!("../../ontology/knowledge-officials.ttl"),
    ),
];

/// The bundled documents as (name, text), for [`from_turtle`].
pub fn bundled_documents() -> Vec<(String, String)> {
    BUNDLED_FILES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect()
}

/// A Turtle document that could not be read, with where.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct KnowledgeError {
    pub source_name: String,
    pub message: String,
}

type Subjects = BTreeMap<String, Vec<(String, Term)>>;

/// Builds knowledge from Turtle documents, given as (name for errors, text).
pub fn from_turtle(documents: &[(String, String)]) -> Result<Knowledge, KnowledgeError> {
    let mut subjects = Subjects::new();
    for (name, text) in documents {
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
            let quad = quad.map_err(|e| KnowledgeError {
                source_name: name.clone(),
                message: format!("{e} (fix the Turtle syntax there)"),
            })?;
            subjects
                .entry(quad.subject.to_string())
                .or_default()
                .push((quad.predicate.as_str().to_string(), quad.object));
        }
    }
    Ok(build(&subjects))
}

/// The bundled knowledge plus the given user documents.
pub fn bundled_with(extra: &[(String, String)]) -> Result<Knowledge, KnowledgeError> {
    let mut documents = bundled_documents();
    documents.extend(extra.iter().cloned());
    from_turtle(&documents)
}

fn typed<'a>(
    subjects: &'a Subjects,
    class: &'static str,
) -> impl Iterator<Item = (&'a String, &'a Vec<(String, Term)>)> {
    subjects.iter().filter(move |(_, props)| {
        props
            .iter()
            .any(|(p, o)| p == rdf::TYPE && matches!(o, Term::NamedNode(n) if n.as_str() == class))
    })
}

fn build(subjects: &Subjects) -> Knowledge {
    let typed = |class| typed(subjects, class);
    let countries: Vec<Country> = typed(ro::COUNTRY).map(|(s, p)| country(s, p)).collect();
    let institutions = typed(ro::INSTITUTION)
        .filter_map(|(s, p)| institution(s, p))
        .collect();
    let mut people: Vec<KnownPerson> = typed(schema::PERSON).map(|(s, p)| person(s, p)).collect();
    for (_, props) in typed(ro::OFFICE_TERM) {
        let Some(holder) = object_iri(props, ro::HOLDER) else {
            continue;
        };
        let slug = holder.strip_prefix(id::PERSON).unwrap_or(&holder);
        if let (Some(p), Some(term)) = (people.iter_mut().find(|p| p.slug == slug), term(props)) {
            p.terms.push(term);
        }
    }
    Knowledge::new(people, countries, institutions)
}

fn strings(props: &[(String, Term)], predicate: &str) -> Vec<String> {
    props
        .iter()
        .filter(|(p, _)| p == predicate)
        .filter_map(|(_, o)| match o {
            Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        })
        .collect()
}

fn object_iri(props: &[(String, Term)], predicate: &str) -> Option<String> {
    props.iter().find_map(|(p, o)| match o {
        Term::NamedNode(n) if p == predicate => Some(n.as_str().to_string()),
        _ => None,
    })
}

fn local(iri: &str) -> &str {
    iri.trim_start_matches('<')
        .trim_end_matches('>')
        .rsplit(['/', '#'])
        .next()
        .unwrap_or(iri)
}

fn country(subject: &str, props: &[(String, Term)]) -> Country {
    let code = strings(props, ro::ISO_CODE)
        .pop()
        .unwrap_or_else(|| local(subject).to_string());
    Country {
        name: strings(props, skos::PREF_LABEL)
            .pop()
            .unwrap_or_else(|| code.clone()),
        code,
        names: strings(props, skos::ALT_LABEL),
        demonyms: strings(props, ro::DEMONYM),
        metonyms: strings(props, ro::METONYM),
    }
}

fn institution(subject: &str, props: &[(String, Term)]) -> Option<Institution> {
    let mut names = strings(props, skos::PREF_LABEL);
    names.extend(strings(props, skos::ALT_LABEL));
    Some(Institution {
        slug: local(subject).to_string(),
        names,
        country: local(&object_iri(props, ro::COUNTRY_PROP)?).to_string(),
        head_role: object_iri(props, ro::HEAD_ROLE).and_then(|r| Role::from_local_name(local(&r))),
    })
}

fn person(subject: &str, props: &[(String, Term)]) -> KnownPerson {
    let slug = local(subject).to_string();
    KnownPerson {
        name: strings(props, skos::PREF_LABEL)
            .pop()
            .unwrap_or_else(|| slug.replace('-', " ")),
        slug,
        variants: strings(props, skos::ALT_LABEL),
        wikidata: strings(props, ro::WIKIDATA).pop(),
        terms: Vec::new(),
    }
}

fn term(props: &[(String, Term)]) -> Option<OfficeTerm> {
    let day = |p| strings(props, p).pop().and_then(|d| Day::parse(&d));
    Some(OfficeTerm {
        role: Role::from_local_name(local(&object_iri(props, ro::ROLE_PROP)?))?,
        country: object_iri(props, ro::COUNTRY_PROP).map(|c| local(&c).to_string()),
        start: day(schema::START_DATE),
        end: day(schema::END_DATE),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_knowledge_loads_people_with_offices() {
        let k = bundled_with(&[]).unwrap();
        let austin = k.people.iter().find(|p| p.slug == "lloyd-austin").unwrap();
        assert_eq!(austin.terms[0].role, Role::DefenseMinister);
        assert_eq!(austin.terms[0].country.as_deref(), Some("US"));
        assert!(k
            .country("RU")
            .unwrap()
            .demonyms
            .contains(&"Russian".to_string()));
        let pentagon = k
            .institutions
            .iter()
            .find(|i| i.slug == "pentagon")
            .unwrap();
        assert_eq!(pentagon.head_role, Some(Role::DefenseMinister));
    }

    #[test]
    fn bundled_people_have_the_iri_their_name_folds_to() {
        // An IRI minted by hand from a name with a letter the slug rules fold (ł -> l) would
        // split one person into two nodes once readout mints the same person from an article.
        let k = bundled_with(&[]).unwrap();
        let wrong: Vec<(&str, String)> = k
            .people
            .iter()
            .map(|p| (p.slug.as_str(), crate::names::slug(&p.name)))
            .filter(|(iri, slug)| iri != slug)
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn user_files_extend_and_bad_turtle_names_the_file() {
        let extra = "@prefix ro: <https://w3id.org/readout/ontology#> .\n\
            @prefix schema: <https://schema.org/> .\n\
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\
            <https://w3id.org/readout/id/person/ada-example> a schema:Person ; skos:prefLabel \"Ada Example\" .";
        let k = bundled_with(&[("mine.ttl".into(), extra.into())]).unwrap();
        assert!(k.people.iter().any(|p| p.name == "Ada Example"));
        let err = bundled_with(&[("broken.ttl".into(), "<a> <b> .".into())]).unwrap_err();
        assert!(err.to_string().starts_with("broken.ttl"), "{err}");
    }
}
