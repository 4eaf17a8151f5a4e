/**
 * Every document generator and summary section, loaded once. A new document type or summary
 * section is a file of its own that registers itself (registerGenerator / registerSummarySection)
 * and one import line here.
 */
import './summary';
import './summary-sections';
import './summary-cases';
import './case-brief';
import './plan';
import './rect-plan';
import './rect-report';
